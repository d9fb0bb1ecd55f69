import type { ConsoleOp } from '../queue/console-job.ts';
import type { SqlQuery } from '../store/postgres/sql-client.ts';

/**
 * The tenant-wide reads of the console beyond issue 18's (the tenants a person belongs to, usage
 * against the plan, health) and the tenant switch: definer functions that take the tenant from the
 * verified claims and check the person's role (console_*, my_tenants, choose_tenant).
 */
type Op<K extends ConsoleOp['op']> = Extract<ConsoleOp, { op: K }>;

export async function myTenants(tx: SqlQuery) {
  const rows = await tx`select tenant_id, name, role, current from public.my_tenants()`;
  return {
    tenants: rows.map((r) => ({
      id: String(r.tenant_id),
      name: String(r.name),
      role: String(r.role),
      current: Boolean(r.current),
    })),
  };
}

/** The tenant the person's next token carries (the page then refreshes its session). */
export async function chooseTenant(tx: SqlQuery, q: Op<'tenant.choose'>) {
  await tx`select public.choose_tenant(${q.tenantId})`;
  return { chosen: q.tenantId, refresh: true };
}

export async function usage(tx: SqlQuery, q: Op<'usage'>) {
  const [r] = await tx`select public.console_usage(${q.month ? `${q.month}-01` : null}::date) as out`;
  return r?.out as Record<string, unknown>;
}

export async function health(tx: SqlQuery) {
  const [r] = await tx`select public.console_health() as out`;
  return r?.out as Record<string, unknown>;
}
