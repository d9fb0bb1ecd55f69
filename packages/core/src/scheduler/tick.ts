import type { PipelineDeps } from '../agent/pipeline/deps.ts';
import { describeError } from '../shared/errors.ts';
import type { Logger } from '../shared/logger.ts';
import { type DueItem, schedulerDb } from './db.ts';
import { planTenant } from './plan.ts';

/** A queued item not claimed within this long (its queue message was lost) is handed out again. */
export const REQUEUE_AFTER_MS = 3 * 60_000;

export interface TickReport {
  tenants: number;
  /** Recurring items created by this run (0 when another run created them first). */
  planned: number;
  /** Items handed to the queue by this run. */
  due: DueItem[];
  failed: number;
}

/**
 * The cron's scheduler run: plans each active tenant's recurring items (idempotent by dedupe key),
 * then takes the due items (marked queued in the same statement, so two runs at once never both get
 * one) for the Worker to put on the queue. Safe to run twice at once.
 */
export async function runScheduleTick(
  deps: PipelineDeps,
  opts: { limit: number; requestId: string },
  logger: Logger,
): Promise<TickReport> {
  const db = schedulerDb(deps.store);
  const log = logger.child({ job: 'schedule' });
  const now = deps.clock.now();
  const report: TickReport = { tenants: 0, planned: 0, due: [], failed: 0 };
  for (const t of await db.inputs()) {
    report.tenants++;
    try {
      report.planned += (await db.schedule(t.tenantId, now, planTenant(t, now))).created;
    } catch (e) {
      report.failed++;
      log.warn('schedule.plan_failed', { tenantId: t.tenantId, ...describeError(e) });
    }
  }
  report.due = await db.due(now, opts.limit, REQUEUE_AFTER_MS);
  log.info('schedule.tick', {
    tenants: report.tenants,
    planned: report.planned,
    due: report.due.length,
    failed: report.failed,
  });
  return report;
}
