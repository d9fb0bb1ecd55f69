import { describeError, type Logger } from '@max/core/shared';
import { z } from 'zod';
import { callAgent, noAnswer } from './agent-call.ts';
import type { Bindings, WorkerConfig } from './env.ts';
import { loadConfig } from './env.ts';
import { workerLogger } from './logger.ts';
import { queueDueItems } from './scheduled-items.ts';

/** The scheduler's cron: every minute (wrangler.toml); the other cron runs every 10 minutes. */
export const EVERY_MINUTE = '* * * * *';

/**
 * Cron triggers. Every minute, and with every other cron too: the scheduler (`schedule_tick`) — the
 * agent plans each tenant's reminders, digests and reports and answers the due items, which go on
 * the queue (`scheduled` messages; core scheduler/). Every 10 minutes also, asked at once:
 * - `backstop`: each active instance's lastIncomingMessages through the normal path (the database
 *   claim keeps it idempotent with the webhook);
 * - `health`: each active tenant's checks, incidents and alerts (once per incident, whichever run
 *   sees it first), and the maintenance (rotations past their grace, deletions past theirs).
 * Every outcome is one log line (`schedule`, `backstop`, `health`); a failure is `<job>.failed` with
 * its status or error code. A cron that fires twice runs each twice: each is safe to repeat.
 */
export async function runScheduled(env: Bindings, cron = '*/10 * * * *'): Promise<void> {
  const cfg = loadConfig(env);
  if (!cfg.ok) {
    workerLogger().error('backstop.misconfigured', { problems: cfg.problems });
    return;
  }
  const log = workerLogger(cfg.config.LOG_LEVEL);
  await Promise.all([
    tick(env, cfg.config, log),
    ...(cron === EVERY_MINUTE
      ? []
      : [
          ask(cfg.config, log, 'backstop', { minutes: cfg.config.BACKSTOP_MINUTES }),
          ask(cfg.config, log, 'health', { limit: cfg.config.HEALTH_TENANTS_PER_RUN }),
        ]),
  ]);
}

/** The scheduler run: the agent answers the due items; each goes on the queue. */
async function tick(env: Bindings, config: WorkerConfig, log: Logger): Promise<void> {
  const report = await ask(config, log, 'schedule_tick', { limit: 200 });
  const due = dueItems.safeParse(report?.due);
  if (!due.success || !due.data.length) return;
  const requestId = String(report?.requestId ?? 'schedule');
  try {
    const queued = await queueDueItems(env, due.data, requestId);
    log.info('schedule.queued', { requestId, queued });
  } catch (e) {
    // Marked queued but not on the queue: the next runs hand them out again (REQUEUE_AFTER_MS).
    log.error('schedule.queue_failed', { requestId, due: due.data.length, ...describeError(e) });
  }
}

const dueItems = z
  .array(
    z.object({ tenantId: z.string().min(1).max(63), itemId: z.string().uuid(), kind: z.string().max(64) }),
  )
  .max(1000);

async function ask(
  config: WorkerConfig,
  log: Logger,
  kind: 'backstop' | 'health' | 'schedule_tick',
  fields: Record<string, number>,
): Promise<Record<string, unknown> | null> {
  const requestId = `${kind === 'schedule_tick' ? 'schedule' : kind}-${crypto.randomUUID()}`;
  const event = kind === 'schedule_tick' ? 'schedule' : kind;
  const body = JSON.stringify({ v: 1, kind, requestId, ...fields });
  const started = Date.now();
  try {
    const res = await callAgent(config, body, { requestId, timeoutMs: config.AGENT_TIMEOUT_MS * 4 });
    const durationMs = Date.now() - started;
    if (!res.ok) {
      await res.body?.cancel();
      log.error(`${event}.failed`, { requestId, status: res.status, durationMs });
      return null;
    }
    const report: unknown = await res.json().catch(() => null);
    const counts =
      typeof report === 'object' && report !== null && !Array.isArray(report)
        ? (report as Record<string, unknown>)
        : {};
    // The due list is for the queue, not the log line: its length is.
    const { due, ...rest } = counts;
    log.info(event, {
      requestId,
      status: res.status,
      durationMs,
      ...rest,
      ...(Array.isArray(due) ? { due: due.length } : {}),
    });
    return { ...counts, requestId };
  } catch (e) {
    log.error(`${event}.failed`, {
      requestId,
      error: noAnswer(e),
      ...describeError(e),
      durationMs: Date.now() - started,
    });
    return null;
  }
}
