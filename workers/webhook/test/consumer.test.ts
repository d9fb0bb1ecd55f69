import { createExecutionContext, createMessageBatch, env, getQueueResult, SELF } from 'cloudflare:test';
import { deriveWebhookToken } from '@max/core';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Bindings } from '../src/env.ts';
import worker from '../src/index.ts';
import { INSTANCE, SECRET, text, uid } from './helpers.ts';

const queued = (idMessage: string, kind = 'inbound') => ({
  v: 1,
  kind,
  requestId: `req-${idMessage}`,
  receivedAt: new Date().toISOString(),
  event: text('x', undefined, idMessage),
});

async function consume(bodies: unknown[], queue = 'inbound') {
  const batch = createMessageBatch(
    queue,
    bodies.map((body, i) => ({ id: `m${i}`, timestamp: new Date(), attempts: 1, body })),
  );
  const ctx = createExecutionContext();
  await worker.queue(batch, env as unknown as Bindings, ctx);
  return getQueueResult(batch, ctx);
}

const received = async () =>
  (await (await fetch('http://agent.test/__received')).json()) as Array<{
    idMessage: string;
    verified: boolean;
    kind: string;
    requestId: string;
  }>;

describe('queue consumer → agent', () => {
  beforeEach(async () => {
    await fetch('http://agent.test/__reset');
  });

  it('a 2xx is acked; the agent receives a body signed with AGENT_SHARED_SECRET', async () => {
    const id = uid('OK');
    const r = await consume([queued(id)]);
    expect(r.explicitAcks).toEqual(['m0']);
    expect(r.retryMessages).toEqual([]);
    expect(await received()).toEqual([
      { idMessage: id, kind: 'inbound', verified: true, requestId: `req-${id}` },
    ]);
  });

  it('a 4xx is acked as permanent (logged), never retried', async () => {
    const r = await consume([queued(uid('AGENT400'))]);
    expect(r.explicitAcks).toEqual(['m0']);
    expect(r.retryMessages).toEqual([]);
  });

  it('a 5xx is retried with exponential backoff', async () => {
    const batch = createMessageBatch('inbound', [
      { id: 'a', timestamp: new Date(), attempts: 3, body: queued(uid('AGENT500')) },
    ]);
    const ctx = createExecutionContext();
    await worker.queue(batch, env as unknown as Bindings, ctx);
    const r = await getQueueResult(batch, ctx);
    // The delay itself (base × 2^(attempts-1)) is checked on forwardDecision in core.
    expect(r.retryMessages.map((m) => m.msgId)).toEqual(['a']);
    expect(r.explicitAcks).toEqual([]);
  });

  it('a timeout is retried', async () => {
    const r = await consume([queued(uid('AGENTHANG'))]);
    expect(r.retryMessages.map((m) => m.msgId)).toEqual(['m0']);
    expect(r.explicitAcks).toEqual([]);
  });

  it('a body that does not match the queue schema is acked and dropped, not retried forever', async () => {
    const r = await consume([{ v: 2, nonsense: true }, 'garbage']);
    expect(r.explicitAcks.sort()).toEqual(['m0', 'm1']);
    expect(await received()).toEqual([]);
  });

  it('the dead-letter queue handler acks each message after logging it', async () => {
    const r = await consume([queued(uid('DEAD'))], 'inbound-dlq');
    expect(r.explicitAcks).toEqual(['m0']);
    expect(await received()).toEqual([]);
  });

  it('end to end in workerd: webhook → Cloudflare Queue → consumer → signed call to the agent', async () => {
    const id = uid('E2E');
    const token = await deriveWebhookToken(SECRET, String(INSTANCE));
    const res = await SELF.fetch('http://worker.test/webhooks/greenapi', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(text('crée un lead', undefined, id)),
    });
    expect(res.status).toBe(200);
    let got: Awaited<ReturnType<typeof received>> = [];
    for (let i = 0; i < 50 && !got.some((g) => g.idMessage === id); i++) {
      await new Promise((r) => setTimeout(r, 100));
      got = await received();
    }
    expect(got.find((g) => g.idMessage === id)).toMatchObject({
      verified: true,
      kind: 'inbound',
      requestId: res.headers.get('x-request-id'),
    });
  });
});
