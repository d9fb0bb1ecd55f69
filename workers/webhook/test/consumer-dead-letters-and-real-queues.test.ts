import { SELF } from 'cloudflare:test';
import { deriveWebhookToken } from '@max/core/greenapi/webhook';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { received } from './agent-received.ts';
import type { Received } from './agent-stand-in.ts';
import { INSTANCE, SECRET, text, uid } from './helpers.ts';
import { consume, queued, receivedHere } from './queue-consume.ts';

describe('dead-letter consumer → agent', () => {
  beforeEach(async () => {
    await fetch('http://agent.test/__reset');
  });
  afterEach(() => vi.restoreAllMocks());

  it('each dead letter becomes a signed dead_letter job with its reason; acked once the agent has it', async () => {
    const a = uid('DEAD');
    const b = uid('DEAD');
    const r = await consume([queued(a, { deadReason: 'agent_400' }), queued(b)], 'inbound-dlq', {
      attempts: 2,
    });
    expect(r.explicitAcks.sort()).toEqual(['m0', 'm1']);
    const got = await receivedHere();
    expect(got).toHaveLength(2);
    expect(got).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: 'dead_letter',
          verified: true,
          idMessage: a,
          reason: 'agent_400',
          deadRequestId: `req-${a}`,
          requestId: `req-${a}`,
          attempt: '2',
        }),
        // Dead-lettered by the queue itself after max_retries: no deadReason on it.
        expect.objectContaining({ kind: 'dead_letter', idMessage: b, reason: 'retries_exhausted' }),
      ]),
    );
  });

  it('while the agent cannot take a dead letter, it is retried with backoff, never acked', async () => {
    const r = await consume([queued(uid('DLQDOWN'))], 'inbound-dlq');
    expect(r.explicitAcks).toEqual([]);
    expect(r.retryMessages).toEqual([{ msgId: 'm0' }]);
    // First retry: 30 s with equal jitter → between 15 and 30 s.
    expect(r.delays.m0).toBeGreaterThanOrEqual(15);
    expect(r.delays.m0).toBeLessThanOrEqual(30);
  });

  it('an unparseable dead letter is one error line and acked', async () => {
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((l: unknown) => void lines.push(String(l)));
    const r = await consume(['garbage'], 'inbound-dlq');
    expect(r.explicitAcks).toEqual(['m0']);
    expect(await receivedHere()).toEqual([]);
    const mine = lines.map((l) => JSON.parse(l)).filter((l) => l.messageId === 'm0');
    expect(mine).toEqual([
      expect.objectContaining({ level: 'error', event: 'dead_letter.invalid', messageId: 'm0' }),
    ]);
  });
});

describe('through the real queues in workerd', () => {
  beforeEach(async () => {
    await fetch('http://agent.test/__reset');
  });

  const webhook = async (id: string) => {
    const token = await deriveWebhookToken(SECRET, String(INSTANCE));
    return SELF.fetch('http://worker.test/webhooks/greenapi', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(text('crée un lead', undefined, id)),
    });
  };
  const waitFor = async (done: (got: Received[]) => boolean) => {
    let got: Received[] = [];
    for (let i = 0; i < 150 && !done(got); i++) {
      await new Promise((r) => setTimeout(r, 100));
      got = await received();
    }
    return got;
  };

  it('webhook → Cloudflare Queue → consumer → signed call to the agent', async () => {
    const id = uid('E2E');
    const res = await webhook(id);
    expect(res.status).toBe(200);
    const got = await waitFor((g) => g.some((x) => x.idMessage === id));
    expect(got.find((g) => g.idMessage === id)).toMatchObject({
      verified: true,
      kind: 'inbound',
      requestId: res.headers.get('x-request-id'),
      attempt: '1',
    });
  });

  it('an agent 400 → dead-letter queue → dead_letter job to the agent, nothing dropped', async () => {
    const id = uid('AGENT400');
    const res = await webhook(id);
    expect(res.status).toBe(200);
    const got = await waitFor((g) => g.some((x) => x.kind === 'dead_letter' && x.idMessage === id));
    expect(got.filter((g) => g.idMessage === id).map((g) => [g.kind, g.reason])).toEqual([
      ['inbound', undefined],
      ['dead_letter', 'agent_400'],
    ]);
  });
});
