import { type ForwardOutcome, forwardDecision } from '@max/core/ingress';
import { batchAwaits, parseQueueMessage, type QueueMessage, type QueueMessageParse } from '@max/core/queue';
import { describeError, type Logger } from '@max/core/shared';
import { agentStatus } from './agent-call.ts';
import type { Bindings, WorkerConfig } from './env.ts';
import { loadConfig } from './env.ts';
import { workerLogger } from './logger.ts';
import { forwardScheduled, isScheduledBody } from './scheduled-items.ts';

/**
 * Forwards each queued message to the agent function, signed, and does what its answer says
 * (core queue/agent-answer.ts): ack, retry later, re-queue a deferred copy, or dead-letter.
 * Nothing is acknowledged unless it is done, re-queued or handed to the dead-letter queue.
 */
export async function consumeInbound(batch: MessageBatch<unknown>, env: Bindings): Promise<void> {
  const cfg = loadConfig(env);
  if (!cfg.ok) {
    workerLogger().error('consumer.misconfigured', { problems: cfg.problems });
    batch.retryAll({ delaySeconds: 60 });
    return;
  }
  const log = workerLogger(cfg.config.LOG_LEVEL);
  // Scheduled items (the cron's) share the queue: each is claimed once by the agent, in any order.
  const scheduled = batch.messages.filter((msg) => isScheduledBody(msg.body));
  const messages = batch.messages.filter((msg) => !isScheduledBody(msg.body));
  const parsed = messages.map((msg) => parseQueueMessage(msg.body));
  // Forwarded at once, a batch reaches the agent in any order: each message names the earlier
  // ones of its chat in the batch, and the agent runs them in WhatsApp order.
  const awaits = batchAwaits(parsed.map((p) => (p.ok ? p.message : null)));
  await Promise.all([
    ...messages.map((msg, i) => forwardOne(msg, parsed[i]!, awaits[i]!, env, cfg.config, log)),
    ...scheduled.map((msg) => forwardScheduled(msg, env, cfg.config, log)),
  ]);
}

async function forwardOne(
  msg: Message<unknown>,
  parsed: QueueMessageParse,
  awaits: string[],
  env: Bindings,
  config: WorkerConfig,
  log: Logger,
) {
  if (!parsed.ok) {
    // A poison message never becomes valid: not retried forever, but never dropped quietly either.
    log.error('consumer.invalid_message', { messageId: msg.id, issues: parsed.issues });
    msg.ack();
    return;
  }
  const m = parsed.message;
  const mlog = log.child({
    requestId: m.requestId,
    idInstance: m.event.instanceData.idInstance,
    kind: m.kind,
    attempts: msg.attempts,
  });
  const started = Date.now();
  const answer = await agentStatus(config, JSON.stringify(awaits.length ? { ...m, awaits } : m), {
    requestId: m.requestId,
    timeoutMs: config.AGENT_TIMEOUT_MS,
    attempt: msg.attempts,
  });
  if (answer.error !== undefined) mlog.warn('consumer.agent_unreachable', describeError(answer.error));
  const decision = forwardDecision({
    status: answer.status,
    retryAfter: answer.retryAfter,
    attempts: msg.attempts,
    deferrals: m.deferrals ?? 0,
    baseSeconds: config.RETRY_BASE_SECONDS,
    capSeconds: config.RETRY_CAP_SECONDS,
    now: new Date(),
  });
  await apply(decision, msg, m, env, config, mlog, {
    status: answer.status,
    durationMs: Date.now() - started,
  });
}

/** Acks only once the copy is on the other queue; if the send fails, the queue redelivers this one. */
async function handOver(
  msg: Message<unknown>,
  log: Logger,
  fields: Record<string, unknown>,
  retryDelaySeconds: number,
  send: () => Promise<unknown>,
): Promise<boolean> {
  try {
    await send();
    msg.ack();
    return true;
  } catch (e) {
    log.error('consumer.handover_failed', { ...fields, error: (e as Error)?.name ?? 'error' });
    msg.retry({ delaySeconds: retryDelaySeconds });
    return false;
  }
}

async function apply(
  decision: ForwardOutcome,
  msg: Message<unknown>,
  m: QueueMessage,
  env: Bindings,
  config: WorkerConfig,
  log: Logger,
  fields: Record<string, unknown>,
): Promise<void> {
  switch (decision.action) {
    case 'ack':
      log.info('consumer.delivered', fields);
      msg.ack();
      return;
    case 'retry':
      log.warn('consumer.retry', { ...fields, delaySeconds: decision.delaySeconds });
      msg.retry({ delaySeconds: decision.delaySeconds });
      return;
    case 'defer': {
      // Not a failure: a copy comes back later with its own delivery count; this delivery is done.
      const copy: QueueMessage = { ...m, deferrals: (m.deferrals ?? 0) + 1 };
      const sent = await handOver(msg, log, { ...fields, action: 'defer' }, decision.delaySeconds, () =>
        env.INBOUND.send(copy, { contentType: 'json', delaySeconds: decision.delaySeconds }),
      );
      if (sent) log.info('consumer.deferred', { ...fields, delaySeconds: decision.delaySeconds });
      return;
    }
    case 'dead_letter': {
      // It can never succeed: the dead-letter consumer records it with the agent, then it is acked.
      const dead: QueueMessage = { ...m, deadReason: decision.reason };
      const sent = await handOver(
        msg,
        log,
        { ...fields, action: 'dead_letter' },
        config.RETRY_BASE_SECONDS,
        () => env.DEAD_LETTERS.send(dead, { contentType: 'json' }),
      );
      if (sent) log.error('consumer.dead_lettered', { ...fields, reason: decision.reason });
      return;
    }
  }
}
