import { describeError, forwardDecision, parseQueueMessage, signInternal } from '@max/core';
import type { Bindings } from './env.ts';
import { loadConfig } from './env.ts';
import { workerLogger } from './logger.ts';

/** Forwards each queued message to the agent function, signed; retries only what may succeed later. */
export async function consumeInbound(batch: MessageBatch<unknown>, env: Bindings): Promise<void> {
  const cfg = loadConfig(env);
  const log = workerLogger(cfg.ok ? cfg.config.LOG_LEVEL : 'info');
  if (!cfg.ok) {
    log.error('consumer.misconfigured', { problems: cfg.problems });
    batch.retryAll({ delaySeconds: 60 });
    return;
  }
  const config = cfg.config;
  await Promise.all(
    batch.messages.map(async (msg) => {
      const parsed = parseQueueMessage(msg.body);
      if (!parsed.ok) {
        // A poison message never becomes valid: drop it, loudly, instead of retrying forever.
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
      const body = JSON.stringify(m);
      const started = Date.now();
      let status: number | 'timeout' | 'network';
      try {
        const res = await fetch(config.AGENT_URL, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-request-id': m.requestId,
            ...(await signInternal(config.AGENT_SHARED_SECRET, body, new Date())),
          },
          body,
          signal: AbortSignal.timeout(config.AGENT_TIMEOUT_MS),
        });
        status = res.status;
        await res.body?.cancel();
      } catch (e) {
        status = (e as Error)?.name === 'TimeoutError' ? 'timeout' : 'network';
        mlog.warn('consumer.agent_unreachable', describeError(e));
      }
      const decision = forwardDecision(
        status,
        msg.attempts,
        config.RETRY_BASE_SECONDS,
        config.RETRY_CAP_SECONDS,
      );
      const durationMs = Date.now() - started;
      if (decision.action === 'ack') {
        if (decision.permanent) mlog.warn('consumer.dropped', { status, durationMs });
        else mlog.info('consumer.delivered', { status, durationMs });
        msg.ack();
      } else {
        mlog.warn('consumer.retry', { status, durationMs, delaySeconds: decision.delaySeconds });
        msg.retry({ delaySeconds: decision.delaySeconds });
      }
    }),
  );
}

/** Messages that exhausted their retries: one error line each, for the operator. */
export async function consumeDeadLetters(batch: MessageBatch<unknown>): Promise<void> {
  const log = workerLogger('info');
  for (const msg of batch.messages) {
    const parsed = parseQueueMessage(msg.body);
    log.error('consumer.dead_letter', {
      messageId: msg.id,
      ...(parsed.ok
        ? {
            requestId: parsed.message.requestId,
            idInstance: parsed.message.event.instanceData.idInstance,
            kind: parsed.message.kind,
          }
        : { invalid: true }),
    });
    msg.ack();
  }
}
