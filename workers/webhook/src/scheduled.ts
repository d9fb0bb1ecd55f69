import { describeError } from '@max/core/shared';
import { callAgent, noAnswer } from './agent-call.ts';
import type { Bindings } from './env.ts';
import { loadConfig } from './env.ts';
import { workerLogger } from './logger.ts';

/**
 * Cron trigger: asks the agent to run the lost-webhook backstop (each active instance's
 * lastIncomingMessages through the normal path; the database claim keeps it idempotent).
 * Every outcome is one log line; a failure is `backstop.failed` with its status or error code.
 */
export async function runScheduled(env: Bindings): Promise<void> {
  const cfg = loadConfig(env);
  if (!cfg.ok) {
    workerLogger().error('backstop.misconfigured', { problems: cfg.problems });
    return;
  }
  const log = workerLogger(cfg.config.LOG_LEVEL);
  const requestId = `backstop-${crypto.randomUUID()}`;
  const body = JSON.stringify({ v: 1, kind: 'backstop', requestId, minutes: cfg.config.BACKSTOP_MINUTES });
  const started = Date.now();
  try {
    const res = await callAgent(cfg.config, body, {
      requestId,
      timeoutMs: cfg.config.AGENT_TIMEOUT_MS * 4,
    });
    const durationMs = Date.now() - started;
    if (!res.ok) {
      await res.body?.cancel();
      log.error('backstop.failed', { requestId, status: res.status, durationMs });
      return;
    }
    const report = await res.json().catch(() => null);
    const counts = typeof report === 'object' && report !== null && !Array.isArray(report) ? report : {};
    log.info('backstop', { requestId, status: res.status, durationMs, ...counts });
  } catch (e) {
    log.error('backstop.failed', {
      requestId,
      error: noAnswer(e),
      ...describeError(e),
      durationMs: Date.now() - started,
    });
  }
}
