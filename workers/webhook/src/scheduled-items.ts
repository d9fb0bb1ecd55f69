import { forwardDecision } from '@max/core/ingress';
import { type ScheduledQueueMessage, scheduledQueueMessageSchema } from '@max/core/queue';
import type { Logger } from '@max/core/shared';
import { agentStatus } from './agent-call.ts';
import type { Bindings, WorkerConfig } from './env.ts';

/** Queue messages per sendBatch call (Cloudflare's limit is 100). */
const BATCH = 100;

/** Puts the due items the agent named on the queue (one `scheduled` message each). */
export async function queueDueItems(
  env: Bindings,
  due: Array<{ tenantId: string; itemId: string; kind: string }>,
  requestId: string,
): Promise<number> {
  const bodies: ScheduledQueueMessage[] = due.map((d) => ({
    v: 1,
    kind: 'scheduled',
    requestId: `${requestId}:${d.itemId}`.slice(0, 100),
    tenantId: d.tenantId,
    itemId: d.itemId,
    what: d.kind.slice(0, 64),
  }));
  for (let i = 0; i < bodies.length; i += BATCH)
    await env.INBOUND.sendBatch(bodies.slice(i, i + BATCH).map((body) => ({ body, contentType: 'json' })));
  return bodies.length;
}

export const isScheduledBody = (body: unknown): boolean =>
  typeof body === 'object' && body !== null && (body as { kind?: unknown }).kind === 'scheduled';

/**
 * A queued scheduled item → the agent, which claims it once. Its answer decides as for a message
 * (ack, retry, re-queue a deferred copy); one the queue gives up on is acked with an error line:
 * the item stays in the database, where the cron hands it out again (scheduled_work shows it).
 */
export async function forwardScheduled(
  msg: Message<unknown>,
  env: Bindings,
  config: WorkerConfig,
  log: Logger,
): Promise<void> {
  const parsed = scheduledQueueMessageSchema.safeParse(msg.body);
  if (!parsed.success) {
    log.error('consumer.invalid_message', { messageId: msg.id, kind: 'scheduled' });
    msg.ack();
    return;
  }
  const m = parsed.data;
  const mlog = log.child({
    requestId: m.requestId,
    tenantId: m.tenantId,
    kind: 'scheduled',
    attempts: msg.attempts,
  });
  const started = Date.now();
  const answer = await agentStatus(config, JSON.stringify(m), {
    requestId: m.requestId,
    timeoutMs: config.AGENT_TIMEOUT_MS,
    attempt: msg.attempts,
  });
  const decision = forwardDecision({
    status: answer.status,
    retryAfter: answer.retryAfter,
    attempts: msg.attempts,
    deferrals: m.deferrals ?? 0,
    baseSeconds: config.RETRY_BASE_SECONDS,
    capSeconds: config.RETRY_CAP_SECONDS,
    now: new Date(),
  });
  const fields = { status: answer.status, durationMs: Date.now() - started, what: m.what };
  switch (decision.action) {
    case 'ack':
      mlog.info('consumer.delivered', fields);
      msg.ack();
      return;
    case 'retry':
      mlog.warn('consumer.retry', { ...fields, delaySeconds: decision.delaySeconds });
      msg.retry({ delaySeconds: decision.delaySeconds });
      return;
    case 'defer':
      try {
        await env.INBOUND.send(
          { ...m, deferrals: (m.deferrals ?? 0) + 1 },
          { contentType: 'json', delaySeconds: decision.delaySeconds },
        );
        msg.ack();
        mlog.info('consumer.deferred', { ...fields, delaySeconds: decision.delaySeconds });
      } catch {
        msg.retry({ delaySeconds: decision.delaySeconds });
      }
      return;
    case 'dead_letter':
      mlog.error('consumer.scheduled_given_up', { ...fields, reason: decision.reason });
      msg.ack();
      return;
  }
}
