import type { SqlQuery } from '../store/postgres/sql-client.ts';
import type { Actor } from './deps.ts';

/**
 * A step an operator (or the cron) took on a tenant, in the tenant's own audit (max_logs, which its
 * owners read): credential rotations, erasures, deletion requests. Names and counts, never values.
 */
export async function auditTenantStep(
  sql: SqlQuery,
  tenantId: string,
  actor: Pick<Actor, 'name'>,
  action: string,
  result: 'ok' | 'error' | 'denied',
  detail: Record<string, unknown>,
): Promise<void> {
  await sql`
    insert into max_logs (tenant_id, actor, action, target_entity, result, detail)
    values (${tenantId}, ${`operator:${actor.name}`}, ${action}, 'Tenant', ${result}, ${JSON.stringify(detail)}::text::jsonb)`;
}
