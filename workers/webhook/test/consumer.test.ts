import { createExecutionContext, createMessageBatch, env, getQueueResult, SELF } from 'cloudflare:test';
import { deriveWebhookToken } from '@max/core/greenapi/webhook';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Bindings } from '../src/env.ts';
import worker from '../src/index.ts';
import type { Received } from './agent-stand-in.ts';
import { INSTANCE, SECRET, text, uid } from './helpers.ts';

const queued = (idMessage: string, extra: Record<string, unknown> = {}) => ({
  v: 1,
  kind: 'inbound',
  requestId: `req-${idMessage}`,
  receivedAt: new Date().toISOString(),
  event: text('x', undefined, idMessage),
  ...extra,
});

interface Sent {
  body: Record<string, unknown>;
  options: QueueSendOptions | undefined;
}

/** A producer binding that records what is sent to it, or fails like a queue that is down. */
function recordingQueue(fail = false) {
  const sent: Sent[] = [];
  const queue = {
    send: async (body: Record<string, unknown>, options?: QueueSendOptions) => {
      if (fail) throw new Error('queue down');
      sent.push({ body, options });
    },
    sendBatch: async () => {
      throw new Error('not used');
    },
  } as unknown as Queue;
  return { queue, sent };
}

/**
 * Runs the Worker's exported queue handler on a batch (as workerd would), with INBOUND and
 * DEAD_LETTERS replaced by recorders; also records each retry's delay (getQueueResult keeps ids).
 */
async function consume(
  bodies: unknown[],
  queue = 'inbound',
  opts: { attempts?: number; env?: Partial<Bindings>; failInbound?: boolean; failDead?: boolean } = {},
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
  const inbound = recordingQueue(opts.failInbound);
  const dead = recordingQueue(opts.failDead);
  const ctx = createExecutionContext();
  await worker.queue(batch, {
    ...(env as unknown as Bindings),
    INBOUND: inbound.queue,
    DEAD_LETTERS: dead.queue,
    ...opts.env,
  });
  const result = await getQueueResult(batch, ctx);
  return {
    explicitAcks: result.explicitAcks,
    retryMessages: result.retryMessages,
    retryBatch: result.retryBatch,
    delays,
    requeued: inbound.sent,
    deadLettered: dead.sent,
  };
}

const received = async () => (await (await fetch('http://agent.test/__received')).json()) as Received[];
/**
 * What the agent received for these unit tests' batches (their request ids start with req-): other
 * test files drive the real queue through the same stand-in at the same time.
 */
const receivedHere = async () => (await received()).filter((r) => r.requestId?.startsWith('req-'));

describe('queue consumer → agent (the contract of core queue/agent-answer.ts)', () => {
  beforeEach(async () => {
    await fetch('http://agent.test/__reset');
  });

  it('a 2xx is acked; the agent receives a body signed with AGENT_SHARED_SECRET and the delivery count', async () => {
    const id = uid('OK');
    const r = await consume([queued(id)], 'inbound', { attempts: 3 });
    expect(r.explicitAcks).toEqual(['m0']);
    expect(r.retryMessages).toEqual([]);
    expect(r.requeued).toEqual([]);
    expect(r.deadLettered).toEqual([]);
    expect(await receivedHere()).toEqual([
      { idMessage: id, kind: 'inbound', verified: true, requestId: `req-${id}`, attempt: '3' },
    ]);
  });

  it('202 + Retry-After defers: a copy is re-queued after Retry-After with deferrals + 1, this one acked', async () => {
    const id = uid('AGENT202');
    const r = await consume([queued(id, { deferrals: 2 })], 'inbound', { attempts: 4 });
    expect(r.explicitAcks).toEqual(['m0']);
    expect(r.retryMessages).toEqual([]);
    expect(r.deadLettered).toEqual([]);
    expect(r.requeued).toEqual([
      {
        body: expect.objectContaining({ requestId: `req-${id}`, kind: 'inbound', deferrals: 3 }),
        options: { contentType: 'json', delaySeconds: 7 },
      },
    ]);
    expect((r.requeued[0]!.body.event as { idMessage: string }).idMessage).toBe(id);
  });

  it('a defer whose re-queue fails is retried, never acked', async () => {
    const r = await consume([queued(uid('AGENT202'))], 'inbound', { failInbound: true });
    expect(r.explicitAcks).toEqual([]);
    expect(r.retryMessages).toEqual([{ msgId: 'm0' }]);
    expect(r.delays).toEqual({ m0: 7 });
  });

  it('a message deferred 500 times is dead-lettered (a loop, not a wait)', async () => {
    const r = await consume([queued(uid('AGENT202'), { deferrals: 500 })]);
    expect(r.requeued).toEqual([]);
    expect(r.deadLettered.map((d) => d.body.deadReason)).toEqual(['deferred_too_often']);
    expect(r.explicitAcks).toEqual(['m0']);
  });

  it('a 401 (Worker and agent disagree on AGENT_SHARED_SECRET) is retried, not acked as permanent', async () => {
    const r = await consume([queued(uid('AGENT401'))]);
    expect(r.explicitAcks).toEqual([]);
    expect(r.retryMessages).toEqual([{ msgId: 'm0' }]);
    expect(r.deadLettered).toEqual([]);
    expect(r.delays).toEqual({ m0: 5 });
  });

  it('a signature the agent refuses for real (wrong secret) is retried, not dropped', async () => {
    const r = await consume([queued(uid('OK'))], 'inbound', {
      env: { AGENT_SHARED_SECRET: 'another-shared-secret-0123456789abcdef-xyz' },
    });
    expect(await receivedHere()).toEqual([expect.objectContaining({ verified: false })]);
    expect(r.explicitAcks).toEqual([]);
    expect(r.retryMessages).toEqual([{ msgId: 'm0' }]);
  });

  it('any other 4xx is dead-lettered at once with its reason, then acked', async () => {
    const a = uid('AGENT400');
    const b = uid('AGENT404');
    const r = await consume([queued(a), queued(b)]);
    expect(r.explicitAcks.sort()).toEqual(['m0', 'm1']);
    expect(r.retryMessages).toEqual([]);
    expect(
      r.deadLettered.map((d) => [(d.body.event as { idMessage: string }).idMessage, d.body.deadReason]),
    ).toEqual(
      expect.arrayContaining([
        [a, 'agent_400'],
        [b, 'agent_404'],
      ]),
    );
    expect(r.deadLettered.every((d) => d.options?.contentType === 'json')).toBe(true);
  });

  it('a dead letter that cannot be handed over is retried, never acked', async () => {
    const r = await consume([queued(uid('AGENT400'))], 'inbound', { failDead: true });
    expect(r.explicitAcks).toEqual([]);
    expect(r.retryMessages).toEqual([{ msgId: 'm0' }]);
  });

  it('a 503 is retried with backoff 5, 10, 20, then capped at 30 s (RETRY_BASE_SECONDS / RETRY_CAP_SECONDS)', async () => {
    const delays = [];
    for (const attempts of [1, 2, 3, 4, 12]) {
      const r = await consume([queued(uid('AGENT503'))], 'inbound', { attempts });
      expect(r.retryMessages).toEqual([{ msgId: 'm0' }]);
      expect(r.explicitAcks).toEqual([]);
      delays.push(r.delays.m0);
    }
    expect(delays).toEqual([5, 10, 20, 30, 30]);
  });

  it('a 503 with Retry-After waits what the agent asks when that is longer than the backoff', async () => {
    const r = await consume([queued(uid('AGENT503RA'))]);
    expect(r.delays).toEqual({ m0: 45 });
  });

  it('an unreachable agent (network error) and a timeout are retried', async () => {
    const net = await consume([queued(uid('NET'))], 'inbound', {
      env: { AGENT_URL: 'http://unreachable.test/agent' },
    });
    expect(net.retryMessages).toEqual([{ msgId: 'm0' }]);
    expect(net.delays).toEqual({ m0: 5 });
    const hang = await consume([queued(uid('AGENTHANG'))]);
    expect(hang.retryMessages).toEqual([{ msgId: 'm0' }]);
    expect(hang.explicitAcks).toEqual([]);
  });

  it('a body that does not match the queue schema is acked with an error line, not retried forever', async () => {
    const lines: string[] = [];
    const spy = vi.spyOn(console, 'log').mockImplementation((l: unknown) => void lines.push(String(l)));
    try {
      const r = await consume([{ v: 2, nonsense: true }, 'garbage']);
      expect(r.explicitAcks.sort()).toEqual(['m0', 'm1']);
    } finally {
      spy.mockRestore();
    }
    expect(await receivedHere()).toEqual([]);
    const events = lines.map((l) => JSON.parse(l) as { event: string; level: string });
    expect(events.filter((e) => e.event === 'consumer.invalid_message' && e.level === 'error')).toHaveLength(
      2,
    );
  });

  it('a misconfigured consumer (no AGENT_SHARED_SECRET) sends nothing and retries the batch later', async () => {
    const r = await consume([queued(uid('CFG')), queued(uid('CFG'))], 'inbound', {
      env: { AGENT_SHARED_SECRET: undefined },
    });
    expect(r.retryBatch).toEqual({ retry: true });
    expect(r.explicitAcks).toEqual([]);
    expect(await receivedHere()).toEqual([]);
  });
});

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
