import { z } from 'zod';
import { defineTool } from '../define-tool.ts';

/**
 * Turns what MAX does on its own on or off, from WhatsApp: the sender's reminders and daily digest
 * (and its time); for admins, the team's reminders and the weekly summary (off also cancels the
 * summaries already planned).
 */
export const setSchedule = defineTool({
  name: 'set_schedule',
  family: 'activities',
  description:
    "Turn MAX's own messages on/off: reminders (the sender's, or the team's), daily digest (with time HH:mm), weekly report (admins).",
  parameters: z.object({
    what: z.enum(['reminders', 'digest', 'weekly_report']),
    on: z.boolean(),
    time: z
      .string()
      .regex(/^([01]?\d|2[0-3]):[0-5]\d$/)
      .optional(),
    team: z.boolean().optional(),
  }),
  access: 'member',
  confirm: false,
  writes: true,
  async run(ctx, a) {
    if (!ctx.scheduler) return { ok: false, kind: 'invalid', field: 'schedule', reason: 'whatsapp_only' };
    const forTenant = a.what === 'weekly_report' || a.team === true;
    if (forTenant && ctx.role !== 'admin') return { ok: false, kind: 'denied', reason: 'admin_only' };
    const time = a.time ? a.time.padStart(5, '0') : undefined;
    let cancelled = 0;
    if (a.what === 'weekly_report') {
      await ctx.scheduler.settings('tenant', { weeklyReport: a.on });
      if (!a.on) cancelled = await ctx.scheduler.cancel(['report.weekly'], 'cancelled on WhatsApp');
    } else if (a.what === 'reminders') {
      await ctx.scheduler.settings(forTenant ? 'tenant' : 'me', { reminders: a.on });
    } else {
      await ctx.scheduler.settings('me', { digest: a.on, ...(time ? { digestTime: time } : {}) });
    }
    return {
      ok: true,
      kind: 'schedule_set',
      records: [],
      detail: { what: a.what, on: a.on, team: forTenant, ...(time ? { time } : {}), cancelled },
      audit: { what: a.what, on: a.on, team: forTenant },
    };
  },
});
