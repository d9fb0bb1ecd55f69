import { z } from 'zod';
import { whenOf } from '../activities/when.ts';
import { fromEspo, toEspo } from '../activities/zoned-time.ts';
import { defineTool } from '../define-tool.ts';

/**
 * The sender answers the reminder MAX last sent them (within a day): "fait" / "done" closes the
 * task (a meeting: held); "reporte à demain 10h" / "postpone to Friday 10:00" moves it (a meeting
 * keeps its length). The moved record gets its own reminder from the next sweep.
 */
export const answerReminder = defineTool({
  name: 'answer_reminder',
  family: 'activities',
  description:
    'Answer the reminder MAX last sent the sender: done, or postpone to a date (YYYY-MM-DD) and/or time (HH:mm).',
  parameters: z.object({
    action: z.enum(['done', 'postpone']),
    date: z.string().max(10).optional(),
    time: z.string().max(5).optional(),
  }),
  access: 'member',
  confirm: false,
  writes: true,
  async run(ctx, a) {
    if (!ctx.scheduler) return { ok: false, kind: 'invalid', field: 'reminder', reason: 'whatsapp_only' };
    const r = await ctx.scheduler.lastReminder();
    if (!r) return { ok: false, kind: 'not_found', what: 'reminder', entity: 'Task' };
    const record = await ctx.crm.get(r.entity, r.id);
    const name = String(record.name ?? r.name);
    const summary = { id: r.id, name };
    if (a.action === 'done') {
      // Done twice is still done: a retry after a lost answer changes nothing.
      await ctx.crm.update(r.entity, r.id, { status: r.entity === 'Task' ? 'Completed' : 'Held' });
      return {
        ok: true,
        kind: 'reminder_answered',
        entity: r.entity,
        records: [summary],
        detail: { action: 'done', name },
        focus: { entity: r.entity, id: r.id, name },
      };
    }
    if (!a.date && !a.time) return { ok: false, kind: 'invalid', field: 'date', reason: 'missing_date' };
    const field = r.entity === 'Task' ? 'dateEnd' : 'dateStart';
    const current = typeof record[field] === 'string' ? (record[field] as string) : r.at;
    // A date alone keeps the time it had; a time alone is today's (or the date said).
    const keep = current ? new Date(fromEspo(current)) : null;
    const time = a.time ?? (keep ? toLocalTime(keep, ctx.tenant.timezone) : undefined);
    const when = whenOf(ctx, a.date, time, 'now');
    if (!when.ok) return when.invalid;
    const changes: Record<string, unknown> = { [field]: when.value.start };
    if (r.entity === 'Meeting' && typeof record.dateEnd === 'string' && current) {
      const length = fromEspo(record.dateEnd) - fromEspo(current);
      changes.dateEnd = toEspo(fromEspo(when.value.start) + Math.max(0, length));
    }
    await ctx.crm.update(r.entity, r.id, changes);
    return {
      ok: true,
      kind: 'reminder_answered',
      entity: r.entity,
      records: [summary],
      detail: { action: 'postponed', name, date: when.value.local.date, time: when.value.local.time },
      focus: { entity: r.entity, id: r.id, name },
    };
  },
});

function toLocalTime(at: Date, timeZone: string): string {
  const f = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hour12: false });
  return f.format(at).replace(/^24/, '00');
}
