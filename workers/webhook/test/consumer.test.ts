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

/** Runs the consumer on a batch; also records each retry's delay (getQueueResult keeps only ids). */
async function consume(
  bodies: unknown[],
  queue = 'inbound',
  opts: { attempts?: number; env?: Partial<Bindings> } = {},
) {
  const batch = createMessageBatch(
    queue,
    bodies.map((body, i) => ({ id: `m${i}`, timestamp: new Date(), attempts: opts.attempts ?? 1, body })),
  );
  const delays: Record<string, number | undefined> = {};
  for (const m of batch.messages) {
    const retry = m.retry.bind(m);
    Object.defineProperty(m, 'retry', {
      value: (o?: QueueRetryOptions) => {
        delays[m.id] = o?.delaySeconds;
        retry(o);
      },
    });
  }
  const ctx = createExecutionContext();
  await worker.queue(batch, { ...(env as unknown as Bindings), ...opts.env });
  return { ...(await getQueueResult(batch, ctx)), delays };
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

  it('a 5xx is retried with exponential backoff: RETRY_BASE_SECONDS (10) × 2^(attempts-1)', async () => {
    const first = await consume([queued(uid('AGENT500'))], 'inbound', { attempts: 1 });
    const third = await consume([queued(uid('AGENT500'))], 'inbound', { attempts: 3 });
    expect(first.retryMessages).toEqual([{ msgId: 'm0' }]);
    expect(first.explicitAcks).toEqual([]);
    expect(first.delays).toEqual({ m0: 10 });
    expect(third.delays).toEqual({ m0: 40 });
  });

  it('the backoff is capped by RETRY_CAP_SECONDS (600)', async () => {
    const r = await consume([queued(uid('AGENT500'))], 'inbound', { attempts: 12 });
    expect(r.delays).toEqual({ m0: 600 });
  });

  it('an unreachable agent (network error) is retried', async () => {
    const r = await consume([queued(uid('NET'))], 'inbound', {
      env: { AGENT_URL: 'http://unreachable.test/agent' },
    });
    expect(r.retryMessages).toEqual([{ msgId: 'm0' }]);
    expect(r.delays).toEqual({ m0: 10 });
  });

  it('a timeout is retried', async () => {
    const r = await consume([queued(uid('AGENTHANG'))]);
    expect(r.retryMessages.map((m: { msgId: string }) => m.msgId)).toEqual(['m0']);
    expect(r.delays).toEqual({ m0: 10 });
    expect(r.explicitAcks).toEqual([]);
  });

  it('a body that does not match the queue schema is acked and dropped, not retried forever', async () => {
    const r = await consume([{ v: 2, nonsense: true }, 'garbage']);
    expect(r.explicitAcks.sort()).toEqual(['m0', 'm1']);
    expect(await received()).toEqual([]);
  });

  it('a misconfigured consumer (no AGENT_SHARED_SECRET) sends nothing and retries the batch later', async () => {
    const r = await consume([queued(uid('CFG')), queued(uid('CFG'))], 'inbound', {
      env: { AGENT_SHARED_SECRET: undefined },
    });
    expect(r.retryBatch).toEqual({ retry: true });
    expect(r.explicitAcks).toEqual([]);
    expect(r.delays).toEqual({});
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
