import type { SqlQuery } from '../../store/postgres/sql-client.ts';
import type { Component } from './assess.ts';

export type IncidentEvent =
  | { kind: 'opened'; incidentId: string; component: Component; openedAt: string }
  | { kind: 'reminder'; incidentId: string; component: Component; openedAt: string; n: number }
  | { kind: 'resolved'; incidentId: string; component: Component; openedAt: string }
  /** Broke again within the hour after its recovery: the same incident, told nothing new. */
  | { kind: 'reopened'; incidentId: string; component: Component; openedAt: string };

/** An incident that comes back within this long after its recovery is the same one. */
export const REOPEN_WITHIN = '1 hour';
/** While an incident lasts, its admins hear of it once a day. */
export const REMIND_EVERY = '24 hours';

const iso = (v: unknown) => new Date(v as string).toISOString();

/**
 * One component's state change, atomically (concurrent check runs see each change once): a
 * failing component opens an incident (or reopens one resolved within the hour, or is due a daily
 * reminder); a healthy one resolves the open incident. Returns what happened, if anything.
 */
export async function transition(
  sql: SqlQuery,
  tenantId: string,
  component: Component,
  failing: boolean,
  detail: string,
): Promise<IncidentEvent | null> {
  if (!failing) {
    const [r] = await sql`
      update health_incidents set resolved_at = now()
       where tenant_id = ${tenantId} and component = ${component} and resolved_at is null
      returning id, opened_at`;
    return r ? { kind: 'resolved', incidentId: String(r.id), component, openedAt: iso(r.opened_at) } : null;
  }
  const [again] = await sql`
    update health_incidents set resolved_at = null, reopened = reopened + 1, detail = ${detail}
     where id = (select id from health_incidents
                  where tenant_id = ${tenantId} and component = ${component}
                    and resolved_at > now() - ${REOPEN_WITHIN}::interval
                  order by resolved_at desc limit 1)
       and resolved_at is not null
       and not exists (select 1 from health_incidents o
                        where o.tenant_id = ${tenantId} and o.component = ${component} and o.resolved_at is null)
    returning id, opened_at`;
  if (again)
    return { kind: 'reopened', incidentId: String(again.id), component, openedAt: iso(again.opened_at) };
  const [opened] = await sql`
    insert into health_incidents (tenant_id, component, detail) values (${tenantId}, ${component}, ${detail})
    on conflict (tenant_id, component) where resolved_at is null do nothing
    returning id, opened_at`;
  if (opened)
    return { kind: 'opened', incidentId: String(opened.id), component, openedAt: iso(opened.opened_at) };
  const [reminded] = await sql`
    update health_incidents set reminders = reminders + 1, last_reminded_at = now(), detail = ${detail}
     where tenant_id = ${tenantId} and component = ${component} and resolved_at is null
       and coalesce(last_reminded_at, opened_at) < now() - ${REMIND_EVERY}::interval
    returning id, opened_at, reminders`;
  return reminded
    ? {
        kind: 'reminder',
        incidentId: String(reminded.id),
        component,
        openedAt: iso(reminded.opened_at),
        n: Number(reminded.reminders),
      }
    : null;
}
