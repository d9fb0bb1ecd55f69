import type { Actor, OperateDeps } from './deps.ts';

/** One line of the operator's tenant list beyond its settings: its last health check and this month's use. */
export interface TenantOverview {
  health: 'ok' | 'degraded' | 'down' | null;
  checkedAt: string | null;
  openIncidents: string[];
  month: string;
  usage: { messagesIn: number; messagesOut: number; leadsCreated: number; activeUsers: number };
}

const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : null);

/**
 * Health and usage of every tenant the actor may see (the operator console's tenant list), in one
 * statement: the latest check, the open incidents, the current UTC month's counters.
 */
export async function tenantOverview(
  ops: OperateDeps,
  actor: Actor,
): Promise<Record<string, TenantOverview>> {
  const month = ops.clock.now().toISOString().slice(0, 7);
  const rows = await ops.sql('tenant_overview', (sql) =>
    Promise.resolve(sql`
      select t.id, h.status, h.checked_at,
             coalesce((select array_agg(i.component order by i.component) from health_incidents i
                        where i.tenant_id = t.id and i.resolved_at is null), '{}') as incidents,
             coalesce(sum(u.messages_in), 0)::bigint as messages_in, coalesce(sum(u.messages_out), 0)::bigint as messages_out,
             coalesce(sum(u.leads_created), 0)::bigint as leads_created,
             coalesce(sum(u.new_month_users), 0)::bigint as active_users
        from tenants t
        left join tenant_health h on h.tenant_id = t.id
        left join tenant_usage u on u.tenant_id = t.id and u.day >= ${`${month}-01`}::date
                                and u.day < (${`${month}-01`}::date + interval '1 month')::date
       where t.status <> 'deleted'
       group by t.id, h.status, h.checked_at`),
  );
  const out: Record<string, TenantOverview> = {};
  for (const r of rows) {
    const id = String(r.id);
    if (actor.tenants && !actor.tenants.includes(id)) continue;
    out[id] = {
      health: (r.status as TenantOverview['health']) ?? null,
      checkedAt: iso(r.checked_at),
      openIncidents: (r.incidents as string[]) ?? [],
      month,
      usage: {
        messagesIn: Number(r.messages_in),
        messagesOut: Number(r.messages_out),
        leadsCreated: Number(r.leads_created),
        activeUsers: Number(r.active_users),
      },
    };
  }
  return out;
}
