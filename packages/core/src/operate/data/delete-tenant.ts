import { AppError } from '../../shared/errors.ts';
import type { Actor, OperateDeps } from '../deps.ts';
import { recordOperatorCall } from '../operator-audit.ts';
import { auditTenantStep } from '../tenant-audit.ts';
import { assertTenantAllowed, mustReadTenant } from '../tenants.ts';

/** What stays once MAX has purged a tenant: said in every deletion answer. */
export function whatStays(
  t: { crmMode: string; crmBaseUrl: string; crmTenantField: string | null; id: string },
  retentionDays: number,
) {
  return {
    inYourCrm:
      t.crmMode === 'shared'
        ? `Every record MAX created is in the shared EspoCRM (${t.crmBaseUrl}), marked ${t.crmTenantField}=${t.id}: MAX does not delete CRM records; the operator removes them there.`
        : `Every record MAX created or changed is in your own EspoCRM (${t.crmBaseUrl}), which MAX does not touch.`,
    inMax: `The audit log's rows younger than ${retentionDays} days (the legal retention) stay, with the tenant id only, until they age out; nothing else.`,
  };
}

/**
 * An operator asks for a disabled tenant to be deleted: after the grace period the cron removes
 * every row MAX holds for it (purgeDeletedTenants). Activating it again before then cancels.
 */
export async function requestTenantDeletion(ops: OperateDeps, actor: Actor, tenantId: string) {
  assertTenantAllowed(actor, tenantId);
  const t = await mustReadTenant(ops, tenantId);
  if (t.status !== 'disabled')
    throw new AppError('conflict', `Tenant ${tenantId} is ${t.status}: disable it first (POST …/disable)`);
  const days = ops.settings.deletionGraceDays;
  const row = await ops.sql('tenant_delete_request', (sql) =>
    sql.begin(async (tx) => {
      const [r] = await tx`
        update tenants set deletion_requested_at = coalesce(deletion_requested_at, now()),
               purge_after = coalesce(purge_after, now() + make_interval(days => ${days}))
         where id = ${tenantId} and status = 'disabled' returning deletion_requested_at, purge_after`;
      await auditTenantStep(tx, tenantId, actor, 'tenant_deletion_requested', 'ok', { graceDays: days });
      return r;
    }),
  );
  if (!row) throw new AppError('conflict', `Tenant ${tenantId} changed meanwhile: try again`);
  return {
    tenantId,
    deletionRequestedAt: new Date(row.deletion_requested_at as string).toISOString(),
    purgeAfter: new Date(row.purge_after as string).toISOString(),
    cancel: `POST /api/admin/tenants/${tenantId}/activate before then cancels it`,
    stays: whatStays(t, ops.settings.auditRetentionDays),
  };
}

/** Tables holding a tenant's rows, children before parents (the purge deletes in this order). */
const TENANT_TABLES = [
  'operator_alerts',
  'health_incidents',
  'tenant_health',
  'credential_rotations',
  'outbox',
  'tool_calls',
  'pending_actions',
  'sessions',
  'tenant_memory',
  'tenant_usage',
  'whatsapp_senders',
  'tenant_members',
  'tenant_secrets',
];

const cron: Actor = { via: 'cron', name: 'cron', requestId: null, tenants: null };

/**
 * The cron's purge: each tenant past its grace period loses every row MAX holds for it; audit rows
 * within the legal retention stay (pointing at no message any more) under a tombstone that frees
 * its Green-API instance; a tombstone goes once its last audit row has aged out. Audit rows past
 * the retention go everywhere.
 */
export async function purgeDeletedTenants(
  ops: OperateDeps,
  requestId: string,
): Promise<Record<string, number>> {
  const retention = ops.settings.auditRetentionDays;
  const out = { tenantsPurged: 0, tombstonesRemoved: 0, auditRowsExpired: 0 };
  const due = await ops.sql('purge_due', (sql) =>
    Promise.resolve(
      sql`select id from tenants where (status <> 'deleted' and purge_after <= now()) or status = 'deleted' order by id`,
    ),
  );
  for (const { id } of due) {
    const tenantId = String(id);
    const res = await ops.sql('purge_tenant', (sql) =>
      sql.begin(async (tx) => {
        const before = new Date(ops.clock.now().getTime() - retention * 86_400_000).toISOString();
        const counts: Record<string, number> = {};
        await tx`select set_config('max.purge_tenant', ${tenantId}, true),
                        set_config('max.audit_purge_before', ${before}, true)`;
        counts.max_logs = (
          await tx`delete from max_logs where tenant_id = ${tenantId} and created_at < ${before}::timestamptz returning id`
        ).length;
        await tx`update max_logs set message_id = null where tenant_id = ${tenantId} and message_id is not null`;
        for (const table of TENANT_TABLES)
          counts[table] = (
            await tx.unsafe(`delete from public.${table} where tenant_id = $1 returning 1`, [tenantId])
          ).length;
        counts.inbound_messages = (
          await tx`delete from inbound_messages where tenant_id = ${tenantId} returning id`
        ).length;
        const [left] = await tx`select count(*)::int as n from max_logs where tenant_id = ${tenantId}`;
        const [t] = await tx`select status from tenants where id = ${tenantId}`;
        const wasTombstone = t?.status === 'deleted';
        if ((left!.n as number) === 0) await tx`delete from tenants where id = ${tenantId}`;
        else
          await tx`
            update tenants set status = 'deleted', name = id, green_api_instance_id = null,
                   green_api_url = 'https://deleted.invalid', crm_base_url = 'https://deleted.invalid',
                   crm_mode = 'dedicated', crm_tenant_field = null, llm_base_url = null, llm_model = null,
                   purge_after = null, updated_at = now()
             where id = ${tenantId}`;
        return { counts, removed: (left!.n as number) === 0, wasTombstone };
      }),
    );
    if (!res.wasTombstone || res.removed) {
      await ops.sql('purge_audit', (sql) =>
        recordOperatorCall(
          sql,
          { ...cron, requestId },
          {
            action: res.wasTombstone ? 'tenant.tombstone_removed' : 'tenant.purged',
            tenantId,
            result: 'ok',
            status: 200,
            detail: { rows: res.counts, tombstone: !res.removed },
          },
        ),
      );
    }
    if (!res.wasTombstone) out.tenantsPurged++;
    if (res.removed) out.tombstonesRemoved += res.wasTombstone ? 1 : 0;
    out.auditRowsExpired += res.counts.max_logs ?? 0;
  }
  out.auditRowsExpired += await ops.sql('purge_operator_audit', (sql) =>
    sql.begin(async (tx) => {
      const before = new Date(ops.clock.now().getTime() - retention * 86_400_000).toISOString();
      await tx`select set_config('max.audit_purge_before', ${before}, true)`;
      return (await tx`delete from operator_audit where at < ${before}::timestamptz returning id`).length;
    }),
  );
  return out;
}
