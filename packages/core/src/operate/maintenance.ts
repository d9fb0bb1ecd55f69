import { purgeDeletedTenants } from './data/delete-tenant.ts';
import type { OperateDeps } from './deps.ts';
import { dropPrevious } from './rotation/drop-previous.ts';

/**
 * What the cron does besides the checks: rotations past their grace period lose their previous
 * credential, tenants past their deletion grace are purged (and audit rows past the legal retention
 * of deleted tenants go), idempotency records past their day go.
 */
export async function runMaintenance(ops: OperateDeps, requestId: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  out.rotationsEnded = await dropPrevious(ops, { actor: { name: 'cron' }, reason: 'grace_over' });
  Object.assign(out, await purgeDeletedTenants(ops, requestId));
  out.idempotencyExpired = await ops.sql('maintenance_idempotency', async (sql) => {
    const rows =
      await sql`delete from operator_requests where created_at < now() - interval '1 day' returning actor`;
    return rows.length;
  });
  return out;
}
