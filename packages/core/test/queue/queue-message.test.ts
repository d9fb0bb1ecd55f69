import {
  jobRequestSchema,
  MAX_QUEUE_MESSAGE_BYTES,
  parseQueueMessage,
  pickRequestId,
  type QueueMessage,
  queueMessageBytes,
  withoutThumbnails,
} from '@max/core/queue';
import { AppError } from '@max/core/shared';
import { describe, expect, it } from 'vitest';
import { message, messageData } from '../greenapi/fixtures.ts';

const event = message('incomingMessageReceived', messageData.textMessage);
const valid = { v: 1, kind: 'inbound', requestId: 'req-1', receivedAt: '2026-11-23T08:00:00.000Z', event };

describe('parseQueueMessage', () => {
  it('accepts the v1 message and normalises the event like the edge did', () => {
    const r = parseQueueMessage(valid);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.message.event.instanceData.idInstance).toBe('1101000001');
    expect(r.message.kind).toBe('inbound');
  });

  it('round-trips through JSON (what the queue and the agent POST carry)', () => {
    const first = parseQueueMessage(valid);
    if (!first.ok) throw new Error('invalid');
    const again = parseQueueMessage(JSON.parse(JSON.stringify(first.message)));
    expect(again).toEqual(first);
  });

  it('legacy throttled messages (queued by an older Worker) still parse', () => {
    const r = parseQueueMessage({ ...valid, kind: 'throttled', notify: true });
    expect(r.ok && r.message.kind).toBe('throttled');
  });

  it('carries the consumer’s deferral count and dead-letter reason', () => {
    const r = parseQueueMessage({ ...valid, deferrals: 3, deadReason: 'agent_400' });
    expect(r.ok && [r.message.deferrals, r.message.deadReason]).toEqual([3, 'agent_400']);
    expect(parseQueueMessage({ ...valid, deferrals: -1 }).ok).toBe(false);
  });

  it.each([
    ['v', { ...valid, v: 2 }],
    ['kind', { ...valid, kind: 'outbound' }],
    ['requestId', { ...valid, requestId: '' }],
    ['requestId', { ...valid, requestId: 'x'.repeat(101) }],
    ['receivedAt', { ...valid, receivedAt: 'yesterday' }],
    ['event', { ...valid, event: undefined }],
    [
      'event.messageData.textMessageData.textMessage',
      { ...valid, event: { ...event, messageData: { typeMessage: 'textMessage', textMessageData: {} } } },
    ],
    ['notify', { ...valid, notify: 'yes' }],
  ])('refuses a bad %s with its path', (path, body) => {
    const r = parseQueueMessage(body);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.issues.map((i) => i.path)).toContain(path);
  });

  it.each([null, 'garbage', 42, []])('refuses %j', (body) => {
    expect(parseQueueMessage(body).ok).toBe(false);
  });
});

describe('queue size guard', () => {
  it('drops jpegThumbnail at any depth and keeps everything else', () => {
    const w = message('incomingMessageReceived', messageData.imageMessage);
    const slim = withoutThumbnails(w);
    expect(JSON.stringify(slim)).not.toContain('jpegThumbnail');
    expect((slim as { messageData?: unknown }).messageData).toMatchObject({
      fileMessageData: { caption: 'carte de visite de Jean' },
    });
    expect(JSON.stringify(w)).toContain('jpegThumbnail'); // the input is not mutated
    expect(withoutThumbnails([{ jpegThumbnail: 'x', a: 1 }, 2, null])).toEqual([{ a: 1 }, 2, null]);
  });

  it('counts UTF-8 bytes, not characters (1 to 4 bytes each, like TextEncoder)', () => {
    const m: Partial<QueueMessage> = { requestId: 'é'.repeat(10) };
    expect(queueMessageBytes(m)).toBe(JSON.stringify(m).length + 10);
    expect(MAX_QUEUE_MESSAGE_BYTES).toBeLessThanOrEqual(128 * 1024);
    for (const s of ['a', 'é', '€', '😀', 'x😀é€\n"', '\ud800 lone']) {
      const v = { s };
      expect([s, queueMessageBytes(v)]).toEqual([s, new TextEncoder().encode(JSON.stringify(v)).byteLength]);
    }
  });

  it('40,000 levels of nesting are a 400 AppError in both, not a stack overflow', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 40_000; i++) deep = [deep];
    for (const f of [() => withoutThumbnails({ event: deep }), () => queueMessageBytes({ event: deep })]) {
      try {
        f();
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(AppError);
        expect((e as AppError).code).toBe('bad_request');
      }
    }
    // Within the limit both work.
    let ok: unknown = 1;
    for (let i = 0; i < 30; i++) ok = [ok];
    expect(withoutThumbnails(ok)).toEqual(ok);
    expect(queueMessageBytes(ok)).toBe(61);
  });
});

describe('agent jobs', () => {
  it('a dead_letter job carries its reason and the queued message', () => {
    const r = jobRequestSchema.safeParse({
      v: 1,
      kind: 'dead_letter',
      requestId: 'req-1',
      reason: 'retries_exhausted',
      message: { ...valid, deadReason: 'agent_400' },
    });
    expect(r.success).toBe(true);
    expect(
      jobRequestSchema.safeParse({ v: 1, kind: 'dead_letter', requestId: 'r', reason: '' }).success,
    ).toBe(false);
  });
});

describe('pickRequestId', () => {
  const mint = () => 'minted';
  it('reuses a safe caller id, in order of preference', () => {
    expect(pickRequestId(['abc-123', '8f1c2d3e4a5b6c7d-CDG'], mint)).toBe('abc-123');
    expect(pickRequestId([undefined, '8f1c2d3e4a5b6c7d-CDG'], mint)).toBe('8f1c2d3e4a5b6c7d-CDG');
  });
  it('mints one for missing, oversized or unsafe ids', () => {
    expect(pickRequestId([null, undefined, ''], mint)).toBe('minted');
    expect(pickRequestId(['x'.repeat(101)], mint)).toBe('minted');
    expect(pickRequestId(['a b', '<script>', 'line\nbreak'], mint)).toBe('minted');
  });
});
