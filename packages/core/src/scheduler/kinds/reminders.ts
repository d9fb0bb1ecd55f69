import { z } from 'zod';
import { addMinutes, espoToZoned, fromEspo, toEspo } from '../../agent/tools/activities/zoned-time.ts';
import type { CrmRecord } from '../../crm/port.ts';
import type { TeamMember } from '../db.ts';
import type { HandlerContext, KindHandler } from '../handler.ts';
import { memberSettings, type ScheduleSettings } from '../settings.ts';
import type { HandlerResult, ItemSpec } from '../types.ts';
import { parseWith } from './parse.ts';
import { texts } from './texts.ts';

/** A sweep looks this far ahead (past the next sweep, so no due time falls between two). */
export const SWEEP_AHEAD_MIN = 65;
/** …and this far back (a sweep that ran late still catches a task due moments ago). */
const SWEEP_BEHIND_MIN = 10;
/** At most this many tasks and meetings per sweep (the next sweep takes the rest). */
const SWEEP_MAX = 200;

const OPEN = {
  Task: { status: ['Not Started', 'Started'], date: 'dateEnd', kind: 'reminder.task' },
  Meeting: { status: ['Planned'], date: 'dateStart', kind: 'reminder.meeting' },
} as const;
type Entity = keyof typeof OPEN;

/**
 * Who is reminded of a record: the team members who are its assigned CRM user (their
 * `crmUserId` setting), else the admins; never someone who stopped reminders or MAX (STOP).
 */
export function recipientsOf(record: CrmRecord, team: TeamMember[], s: ScheduleSettings): string[] {
  const active = team.filter((m) => !m.optedOut && memberSettings(s, m.chatId).reminders);
  const assigned = typeof record.assignedUserId === 'string' ? record.assignedUserId : null;
  const owners = assigned ? active.filter((m) => memberSettings(s, m.chatId).crmUserId === assigned) : [];
  // An assigned user nobody maps to: the admins who did not stop reminders.
  if (owners.length) return owners.map((m) => m.chatId);
  const ownerKnown = assigned && team.some((m) => memberSettings(s, m.chatId).crmUserId === assigned);
  if (ownerKnown) return [];
  return active.filter((m) => m.role === 'admin').map((m) => m.chatId);
}

/**
 * `reminders.sweep`: the tenant's open tasks and planned meetings due soon become reminder items,
 * one per record and due time (a moved due date replaces the record's open reminder).
 */
export const remindersSweep: KindHandler = {
  quietHours: false,
  parse: parseWith(z.object({}).passthrough()),
  async run(ctx: HandlerContext): Promise<HandlerResult> {
    if (!ctx.settings.tenant.reminders) return { outcome: 'done', result: { swept: 0 } };
    const crm = (await ctx.clients()).crm;
    const now = ctx.clock.now().getTime();
    const lead = ctx.settings.tenant.meetingLeadMinutes;
    const schedule: ItemSpec[] = [];
    for (const entity of ['Task', 'Meeting'] as const) {
      const o = OPEN[entity];
      const shift = entity === 'Meeting' ? lead : 0;
      const from = toEspo(now - SWEEP_BEHIND_MIN * 60_000 + shift * 60_000);
      const to = addMinutes(toEspo(now), SWEEP_AHEAD_MIN + shift);
      const found = await crm.list(entity, {
        where: [
          { type: 'in', attribute: 'status', value: [...o.status] },
          { type: 'greaterThanOrEquals', attribute: o.date, value: from },
          { type: 'lessThan', attribute: o.date, value: to },
        ],
        select: ['id', 'name', 'status', o.date, 'assignedUserId'],
        orderBy: o.date,
        order: 'asc',
        maxSize: SWEEP_MAX,
      });
      for (const r of found.list) {
        const at = typeof r[o.date] === 'string' ? (r[o.date] as string) : null;
        if (!at || Number.isNaN(fromEspo(at))) continue;
        const recipients = recipientsOf(r, ctx.team, ctx.settings);
        if (!recipients.length) continue;
        schedule.push({
          kind: o.kind,
          dedupeKey: `reminder:${entity}:${r.id}:${at}`,
          subject: `${entity}:${r.id}`,
          replaces: true,
          dueAt: new Date(fromEspo(at) - shift * 60_000),
          payload: { entity, id: r.id, name: String(r.name ?? ''), at, recipients },
        });
      }
    }
    return { outcome: 'done', schedule, result: { swept: schedule.length } };
  },
};

const reminderPayload = z.object({
  entity: z.enum(['Task', 'Meeting']),
  id: z.string().min(1).max(40),
  name: z.string().max(300),
  at: z.string().min(10).max(30),
  recipients: z.array(z.string().regex(/^[0-9]{5,20}@c\.us$/)).max(50),
});
type ReminderPayload = z.infer<typeof reminderPayload>;

/**
 * `reminder.task` / `reminder.meeting`: at its time (held through quiet hours), the record is read
 * again; still open and still at that time, each recipient gets the reminder. A record done,
 * cancelled or moved meanwhile sends nothing (a moved one has its own reminder from the sweep).
 */
export const reminderSend: KindHandler = {
  quietHours: true,
  parse: parseWith(reminderPayload),
  async run(ctx: HandlerContext, p: ReminderPayload): Promise<HandlerResult> {
    if (!ctx.settings.tenant.reminders) return { outcome: 'done', result: { skipped: 'off' } };
    const o = OPEN[p.entity as Entity];
    const crm = (await ctx.clients()).crm;
    const record = await crm.get(p.entity, p.id).catch((e: unknown) => {
      if ((e as { code?: string })?.code === 'not_found') return null;
      throw e;
    });
    if (!record || !(o.status as readonly string[]).includes(String(record.status)))
      return { outcome: 'done', result: { skipped: 'closed' } };
    if (record[o.date] !== p.at) return { outcome: 'done', result: { skipped: 'moved' } };
    const still = new Set(recipientsOf(record, ctx.team, ctx.settings));
    // Someone who stopped reminders (or MAX) since the sweep is not reminded.
    const to = p.recipients.filter((c) => still.has(c));
    const at = espoToZoned(p.at, ctx.tenant.timezone)?.time ?? p.at.slice(11, 16);
    const name = String(record.name ?? p.name);
    const body =
      p.entity === 'Task'
        ? texts.taskReminder(ctx.tenant.locale, name, at)
        : texts.meetingReminder(ctx.tenant.locale, name, at, ctx.settings.tenant.meetingLeadMinutes);
    return {
      outcome: 'done',
      messages: to.map((chatId) => ({ chatId, body })),
      result: { reminded: to.length },
    };
  },
};
