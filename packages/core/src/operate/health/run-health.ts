import { flushRows } from '../../agent/pipeline/send/flush.ts';
import type { PipelineDeps } from '../../agent/pipeline/wiring/deps.ts';
import { AppError, describeError } from '../../shared/errors.ts';
import type { Logger } from '../../shared/logger.ts';
import { type CheckReport, checkTenant } from '../checks.ts';
import type { OperateDeps } from '../deps.ts';
import { runMaintenance } from '../maintenance.ts';
import { mustReadTenant } from '../tenants.ts';
import { assessHealth, type MessageStats } from './assess.ts';
import { deliverOperatorAlerts } from './deliver-alerts.ts';
import { recordHealth } from './record.ts';

export interface HealthRunReport {
  checked: number;
  ok: number;
  degraded: number;
  down: number;
  failed: number;
  incidents: { opened: number; resolved: number; reminders: number };
  alerts: { whatsapp: number; webhook: number; webhookSent: number };
  maintenance: Record<string, number>;
}

/** Tenants checked at once in a run. */
const CONCURRENCY = 4;

async function messageStats(ops: OperateDeps, tenantId: string): Promise<MessageStats> {
  const [r] = await ops.sql('health_stats', (sql) =>
    Promise.resolve(sql`
      select
        (select count(*) from inbound_messages m where m.tenant_id = ${tenantId}
            and m.received_at > now() - interval '1 hour' and m.outcome is distinct from 'human_active')::int as messages,
        (select count(*) from inbound_messages m where m.tenant_id = ${tenantId}
            and m.received_at > now() - interval '1 hour' and m.status in ('failed', 'dead'))::int as failed,
        (select count(*) from inbound_messages m where m.tenant_id = ${tenantId}
            and m.status = 'dead' and m.processed_at > now() - interval '1 hour')::int as dead,
        (select count(*) from outbox o where o.tenant_id = ${tenantId}
            and o.status in ('pending', 'sending', 'unknown') and o.created_at < now() - interval '5 minutes')::int as backlog`),
  );
  return {
    messagesLastHour: r!.messages as number,
    failedLastHour: r!.failed as number,
    deadLettersLastHour: r!.dead as number,
    outboxBacklog: r!.backlog as number,
  };
}

/**
 * The cron's health run (through the agent): maintenance (rotations past their grace, deletions
 * past theirs), then each active tenant, least recently checked first, up to `limit`: its checks,
 * its last hour, the state of each component, alerts once per incident; then the alerts are sent
 * (WhatsApp through the tenant's outbox, the operator's webhook). Running twice at once is safe:
 * each incident opens and resolves once.
 */
export async function runHealth(
  deps: PipelineDeps,
  ops: OperateDeps,
  o: { limit: number; requestId: string },
  logger: Logger,
): Promise<HealthRunReport> {
  const log = logger.child({ job: 'health' });
  const run = { ...ops, logger: log };
  const report: HealthRunReport = {
    checked: 0,
    ok: 0,
    degraded: 0,
    down: 0,
    failed: 0,
    incidents: { opened: 0, resolved: 0, reminders: 0 },
    alerts: { whatsapp: 0, webhook: 0, webhookSent: 0 },
    maintenance: await runMaintenance(run, o.requestId).catch((e) => {
      log.error('health.maintenance_failed', describeError(e));
      return {};
    }),
  };
  const due = await run.sql('health_due', (sql) =>
    Promise.resolve(sql`
      select t.id from tenants t left join tenant_health h on h.tenant_id = t.id
       where t.status = 'active' order by h.checked_at nulls first, t.id limit ${o.limit}`),
  );
  const queue = due.map((r) => String(r.id));
  const worker = async () => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      try {
        await checkOne(deps, run, id, o.requestId, report, log.child({ tenantId: id }));
      } catch (e) {
        report.failed++;
        log.warn('health.tenant_failed', { tenantId: id, ...describeError(e) });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, queue.length) }, worker));
  report.alerts.webhookSent = (await deliverOperatorAlerts(run)).sent;
  log.info('health.done', { ...report });
  return report;
}

async function checkOne(
  deps: PipelineDeps,
  ops: OperateDeps,
  tenantId: string,
  requestId: string,
  report: HealthRunReport,
  log: Logger,
): Promise<void> {
  const tenant = await mustReadTenant(ops, tenantId);
  let checks: CheckReport;
  try {
    checks = await checkTenant({ ...ops, logger: log }, tenant, undefined, { withFallback: true });
  } catch (e) {
    // Secrets this deployment cannot open: the CRM and the instance are as good as unreachable.
    const detail = e instanceof AppError ? e.message : 'checks failed';
    checks = {
      ok: false,
      checks: [
        { name: 'crm.secrets', ok: false, required: true, detail },
        { name: 'greenapi.secrets', ok: false, required: true, detail },
      ],
    };
  }
  const stats = await messageStats(ops, tenantId);
  const assessment = assessHealth(checks, stats);
  const recorded = await ops.sql('health_record', (sql) =>
    sql.begin((tx) => recordHealth(tx, tenant, assessment, stats, requestId)),
  );
  report.checked++;
  report[assessment.status]++;
  for (const e of recorded.events) {
    if (e.kind === 'opened') report.incidents.opened++;
    if (e.kind === 'resolved') report.incidents.resolved++;
    if (e.kind === 'reminder') report.incidents.reminders++;
    log.warn('health.incident', { component: e.component, event: e.kind, incidentId: e.incidentId });
  }
  report.alerts.whatsapp += recorded.whatsapp;
  report.alerts.webhook += recorded.webhook;
  if (recorded.whatsapp > 0)
    await flushRows(deps, tenantId, { due: true }, log).catch((e) =>
      log.warn('health.alert_send_failed', describeError(e)),
    );
}
