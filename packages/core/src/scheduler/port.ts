import type { Clock } from '../shared/clock.ts';
import type { Store } from '../store/port.ts';
import { schedulerDb } from './db.ts';
import type { ItemSpec } from './types.ts';

/** A person's WhatsApp chat id (a group's or the web chat's key is not one). */
export const WHATSAPP_CHAT = /^[0-9]{5,20}@c\.us$/;

/** How far back a "fait" / "reporte à demain" finds the reminder it answers. */
export const REMINDER_REPLY_WINDOW_MS = 24 * 60 * 60_000;

export interface AnsweredReminder {
  entity: 'Task' | 'Meeting';
  id: string;
  name: string;
  /** When it was due (EspoCRM UTC). */
  at: string;
}

/**
 * What the tools may do with the scheduler for the person writing (a WhatsApp sender): find the
 * reminder they answer, change their own or (admins) the tenant's settings, cancel open items.
 */
export interface SchedulerPort {
  lastReminder(): Promise<AnsweredReminder | null>;
  settings(scope: 'me' | 'tenant', patch: Record<string, unknown>): Promise<void>;
  cancel(kinds: string[], reason: string): Promise<number>;
  /** Enqueues items for this tenant (once per dedupe key): paced sends to leads (bulk follow-ups). */
  schedule(items: ItemSpec[]): Promise<{ created: number }>;
  /** The person writing (a report on what they asked goes to them). */
  readonly chatId: string;
}

export function schedulerPort(
  store: Pick<Store, 'operate'>,
  o: { tenantId: string; chatId: string; clock: Clock },
): SchedulerPort {
  const db = schedulerDb(store);
  return {
    async lastReminder() {
      const since = new Date(o.clock.now().getTime() - REMINDER_REPLY_WINDOW_MS);
      const rows = await store.operate(
        'schedule_last_reminder',
        async (sql) =>
          sql`select public.max_last_reminder(${o.tenantId}, ${o.chatId}, ${since.toISOString()}::timestamptz) as r`,
      );
      const p = (rows as ReadonlyArray<Record<string, unknown>>)[0]?.r as
        | Record<string, unknown>
        | null
        | undefined;
      if (!p || (p.entity !== 'Task' && p.entity !== 'Meeting') || typeof p.id !== 'string') return null;
      return { entity: p.entity, id: p.id, name: String(p.name ?? ''), at: String(p.at ?? '') };
    },
    async settings(scope, patch) {
      await db.setSettings(o.tenantId, scope === 'me' ? o.chatId : null, patch);
    },
    cancel: (kinds, reason) => db.cancel(o.tenantId, o.clock.now(), { kinds, reason }),
    schedule: (items) => db.schedule(o.tenantId, o.clock.now(), items),
    chatId: o.chatId,
  };
}
