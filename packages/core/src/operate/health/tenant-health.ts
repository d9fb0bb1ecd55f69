import type { Actor, OperateDeps } from '../deps.ts';
import { assertTenantAllowed, mustReadTenant } from '../tenants.ts';

/** A tenant's last health check and its incidents (open ones, and the last 20). */
export async function tenantHealth(ops: OperateDeps, actor: Actor, tenantId: string) {
  assertTenantAllowed(actor, tenantId);
  await mustReadTenant(ops, tenantId);
  return ops.sql('health_read', async (sql) => {
    const [h] = await sql`select * from tenant_health where tenant_id = ${tenantId}`;
    const incidents = await sql`
      select id, component, opened_at, resolved_at, reopened, reminders, detail from health_incidents
       where tenant_id = ${tenantId} order by (resolved_at is null) desc, opened_at desc limit 20`;
    const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : null);
    return {
      health: h
        ? {
            status: h.status,
            checkedAt: iso(h.checked_at),
            components: h.components,
            messagesLastHour: h.messages_last_hour,
            failedLastHour: h.failed_last_hour,
            deadLettersLastHour: h.dead_letters_last_hour,
            outboxBacklog: h.outbox_backlog,
          }
        : null,
      incidents: incidents.map((i) => ({
        id: i.id,
        component: i.component,
        openedAt: iso(i.opened_at),
        resolvedAt: iso(i.resolved_at),
        reopened: i.reopened,
        reminders: i.reminders,
        detail: i.detail,
      })),
    };
  });
}
