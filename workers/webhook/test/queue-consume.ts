import { createExecutionContext, createMessageBatch, env, getQueueResult } from 'cloudflare:test';
import type { Bindings } from '../src/env.ts';
import worker from '../src/index.ts';
import { received } from './agent-received.ts';
import { text } from './helpers.ts';

/** An inbound message as the webhook queues it (request id req-<idMessage>). */
export const queued = (idMessage: string, extra: Record<string, unknown> = {}) => ({
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
export function recordingQueue(fail = false) {
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
export async function consume(
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

/**
 * What the agent received for these unit tests' batches (their request ids start with req-): other
 * test files drive the real queue through the same stand-in at the same time.
 */
export const receivedHere = async () => (await received()).filter((r) => r.requestId?.startsWith('req-'));
