import { createExecutionContext, createMessageBatch, env, getQueueResult } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { Bindings } from '../src/env.ts';
import worker from '../src/index.ts';
import type { Received } from './agent-stand-in.ts';
import { text, uid } from './helpers.ts';

const CHAT = '33611112222@c.us';
const queued = (idMessage: string, timestamp: number, chatId = CHAT) => {
  const event = text('crée un lead', chatId, idMessage) as { timestamp: number };
  event.timestamp = timestamp;
  return {
    v: 1,
    kind: 'inbound',
    requestId: `batch-${idMessage}`,
    receivedAt: new Date().toISOString(),
    event,
  };
};

/** The queue consumer in workerd, on a batch the queue delivered out of order. */
describe('a queue batch that reorders a chat’s messages', () => {
  it('each message is forwarded naming the earlier ones of its chat in the batch; the agent runs them in WhatsApp order', async () => {
    const [a, b, c, other] = [uid('BA'), uid('BB'), uid('BC'), uid('BO')];
    const batch = createMessageBatch(
      'inbound',
      [queued(c, 300), queued(a, 100), queued(other, 50, '33699990000@c.us'), queued(b, 200)].map(
        (body, i) => ({
          id: `m${i}`,
          timestamp: new Date(),
          attempts: 1,
          body,
        }),
      ),
    );
    const ctx = createExecutionContext();
    await worker.queue(batch, env as unknown as Bindings);
    expect((await getQueueResult(batch, ctx)).explicitAcks.sort()).toEqual(['m0', 'm1', 'm2', 'm3']);
    const got = ((await (await fetch('http://agent.test/__received')).json()) as Received[]).filter((r) =>
      r.requestId?.startsWith('batch-'),
    );
    const awaitsOf = (id: string) => got.find((r) => r.idMessage === id)?.awaits;
    expect([awaitsOf(a), awaitsOf(b), awaitsOf(c), awaitsOf(other)]).toEqual([
      undefined,
      [a],
      [a, b],
      undefined,
    ]);
  });
});
