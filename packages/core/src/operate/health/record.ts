import type { SqlQuery } from '../../store/postgres/sql-client.ts';
import type { TenantView } from '../tenant-view.ts';
import { alertKey, alertText } from './alert-texts.ts';
import type { Assessment, Component, MessageStats } from './assess.ts';
import { type IncidentEvent, transition } from './incidents.ts';

export interface Recorded {
  events: IncidentEvent[];
  /** Alerts queued for the tenant's admins on WhatsApp (outbox rows) and for the operator's webhook. */
  whatsapp: number;
  webhook: number;
}

const COMPONENTS: Component[] = ['whatsapp', 'crm', 'messages'];

/**
 * In one transaction: the tenant's latest health, each component's incident transition, and the
 * alerts of those transitions — to the tenant's admins on WhatsApp (outbox rows), or to the
 * operator's channel when WhatsApp is the broken part or nobody is there to tell. Keys make every
 * alert once-only, whoever records it.
 */
export async function recordHealth(
  tx: SqlQuery,
  tenant: TenantView,
  a: Assessment,
  stats: MessageStats,
  requestId: string,
): Promise<Recorded> {
  await tx`
    insert into tenant_health (tenant_id, checked_at, status, components, messages_last_hour, failed_last_hour,
                               dead_letters_last_hour, outbox_backlog, request_id)
    values (${tenant.id}, now(), ${a.status}, ${JSON.stringify(a.components)}::text::jsonb, ${stats.messagesLastHour},
            ${stats.failedLastHour}, ${stats.deadLettersLastHour}, ${stats.outboxBacklog}, ${requestId})
    on conflict (tenant_id) do update set
      checked_at = excluded.checked_at, status = excluded.status, components = excluded.components,
      messages_last_hour = excluded.messages_last_hour, failed_last_hour = excluded.failed_last_hour,
      dead_letters_last_hour = excluded.dead_letters_last_hour, outbox_backlog = excluded.outbox_backlog,
      request_id = excluded.request_id`;
  const admins = (
    await tx`select chat_id from whatsapp_senders where tenant_id = ${tenant.id} and role = 'admin' and not opted_out`
  ).map((r) => String(r.chat_id));
  const out: Recorded = { events: [], whatsapp: 0, webhook: 0 };
  for (const c of COMPONENTS) {
    const state = a.components[c];
    if (state.failing === null) continue;
    const e = await transition(tx, tenant.id, c, state.failing, state.detail);
    if (!e) continue;
    out.events.push(e);
    if (e.kind === 'reopened') continue;
    const lang = tenant.locale === 'en' ? 'en' : 'fr';
    const text = alertText(e, { lang, tenantName: tenant.name, detail: state.detail });
    const toWebhook = c === 'whatsapp' || a.components.whatsapp.failing === true || admins.length === 0;
    if (toWebhook) {
      const rows = await tx`
        insert into operator_alerts (alert_key, tenant_id, incident_id, kind, payload)
        values (${alertKey(e)}, ${tenant.id}, ${e.incidentId}, ${e.kind}, ${JSON.stringify({
          text: alertText(e, { lang: 'en', tenantName: tenant.name, detail: state.detail }),
          event: `incident.${e.kind}`,
          tenantId: tenant.id,
          component: c,
          incidentId: e.incidentId,
          openedAt: e.openedAt,
          detail: state.detail,
        })}::text::jsonb)
        on conflict (alert_key) do nothing returning id`;
      out.webhook += rows.length;
    } else {
      for (const chat of admins) {
        const rows = await tx`
          insert into outbox (tenant_id, message_id, chat_id, body, send_key)
          values (${tenant.id}, null, ${chat}, ${text}, ${`${alertKey(e)}:${chat}`})
          on conflict (tenant_id, send_key) do nothing returning id`;
        out.whatsapp += rows.length;
      }
    }
  }
  return out;
}
