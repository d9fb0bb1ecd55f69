import { type DeadLetterRequest, parseQueueMessage } from '@max/core/queue';
import { describeError, type Logger, nextDelayMs } from '@max/core/shared';
import { agentStatus } from './agent-call.ts';
import type { Bindings, WorkerConfig } from './env.ts';
import { loadConfig } from './env.ts';
import { workerLogger } from './logger.ts';

/**
 * Must match max_retries of the "inbound-dlq" consumer in wrangler.toml. With the backoff below
 * (30 s doubling to 30 min, jittered) 100 retries give the agent about two days to come back.
 */
export const DLQ_MAX_RETRIES = 100;
const DLQ_BASE_MS = 30_000;
const DLQ_MAX_MS = 30 * 60_000;

/**
 * Messages the inbound consumer gave up on (dead-lettered by it, or by the queue after
 * max_retries): each becomes a signed `dead_letter` job, so the agent records it in the database,
 * tells the user, and unblocks the chat. Acked only once the agent has it.
 */
export async function consumeDeadLetters(batch: MessageBatch<unknown>, env: Bindings): Promise<void> {
  const cfg = loadConfig(env);
  if (!cfg.ok) {
    workerLogger().error('dead_letter.misconfigured', { problems: cfg.problems });
    batch.retryAll({ delaySeconds: 300 });
    return;
  }
  const log = workerLogger(cfg.config.LOG_LEVEL);
  await Promise.all(batch.messages.map((msg) => recordOne(msg, cfg.config, log)));
}

async function recordOne(msg: Message<unknown>, config: WorkerConfig, log: Logger): Promise<void> {
  const parsed = parseQueueMessage(msg.body);
  if (!parsed.ok) {
    // Nothing the agent could match it to: one line for the operator (no payload), then gone.
    log.error('dead_letter.invalid', { messageId: msg.id, issues: parsed.issues });
    msg.ack();
    return;
  }
  const m = parsed.message;
  const job: DeadLetterRequest = {
    v: 1,
    kind: 'dead_letter',
    requestId: m.requestId,
    reason: m.deadReason ?? 'retries_exhausted',
    message: m,
  };
  const fields = {
    requestId: m.requestId,
    idInstance: m.event.instanceData.idInstance,
    kind: m.kind,
    reason: job.reason,
    attempts: msg.attempts,
  };
  const answer = await agentStatus(config, JSON.stringify(job), {
    requestId: m.requestId,
    timeoutMs: config.AGENT_TIMEOUT_MS,
    attempt: msg.attempts,
  });
  if (typeof answer.status === 'number' && answer.status >= 200 && answer.status < 300) {
    log.error('consumer.dead_letter', { ...fields, recorded: true });
    msg.ack();
    return;
  }
  const now = new Date();
  const delayMs = nextDelayMs(msg.attempts, {
    baseMs: DLQ_BASE_MS,
    maxMs: DLQ_MAX_MS,
    random: Math.random,
    retryAfter: answer.retryAfter,
    now,
    capMs: DLQ_MAX_MS,
  });
  const last = msg.attempts > DLQ_MAX_RETRIES;
  // The last retry: the queue deletes the message after it, so this line is what remains.
  log[last ? 'error' : 'warn'](last ? 'dead_letter.lost' : 'dead_letter.retry', {
    ...fields,
    status: answer.status,
    ...(answer.error !== undefined ? describeError(answer.error) : {}),
    delaySeconds: Math.ceil(delayMs / 1000),
  });
  msg.retry({ delaySeconds: Math.ceil(delayMs / 1000) });
}
