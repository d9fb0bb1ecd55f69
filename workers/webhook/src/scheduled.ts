import { describeError, type Logger } from '@max/core/shared';
import { callAgent, noAnswer } from './agent-call.ts';
import type { Bindings, WorkerConfig } from './env.ts';
import { loadConfig } from './env.ts';
import { workerLogger } from './logger.ts';

/**
 * Cron trigger (every 10 minutes): asks the agent, signed, for two jobs at once —
 * - `backstop`: each active instance's lastIncomingMessages through the normal path (the database
 *   claim keeps it idempotent with the webhook);
 * - `health`: each active tenant's checks, incidents and alerts (once per incident, whichever run
 *   sees it first), and the maintenance (rotations past their grace, deletions past theirs).
 * Every outcome is one log line (`backstop`, `health`); a failure is `<job>.failed` with its status
 * or error code. A cron that fires twice runs both twice: each is safe to repeat.
 */
export async function runScheduled(env: Bindings): Promise<void> {
  const cfg = loadConfig(env);
  if (!cfg.ok) {
    workerLogger().error('backstop.misconfigured', { problems: cfg.problems });
    return;
  }
  const log = workerLogger(cfg.config.LOG_LEVEL);
  await Promise.all([
    ask(cfg.config, log, 'backstop', { minutes: cfg.config.BACKSTOP_MINUTES }),
    ask(cfg.config, log, 'health', { limit: cfg.config.HEALTH_TENANTS_PER_RUN }),
  ]);
}

async function ask(
  config: WorkerConfig,
  log: Logger,
  kind: 'backstop' | 'health',
  fields: Record<string, number>,
): Promise<void> {
  const requestId = `${kind}-${crypto.randomUUID()}`;
  const body = JSON.stringify({ v: 1, kind, requestId, ...fields });
  const started = Date.now();
  try {
    const res = await callAgent(config, body, { requestId, timeoutMs: config.AGENT_TIMEOUT_MS * 4 });
    const durationMs = Date.now() - started;
    if (!res.ok) {
      await res.body?.cancel();
      log.error(`${kind}.failed`, { requestId, status: res.status, durationMs });
      return;
    }
    const report = await res.json().catch(() => null);
    const counts = typeof report === 'object' && report !== null && !Array.isArray(report) ? report : {};
    log.info(kind, { requestId, status: res.status, durationMs, ...counts });
  } catch (e) {
    log.error(`${kind}.failed`, {
      requestId,
      error: noAnswer(e),
      ...describeError(e),
      durationMs: Date.now() - started,
    });
  }
}
