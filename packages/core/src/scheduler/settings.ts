import { z } from 'zod';
import { fromEspo, zonedNow, zonedToEspo } from '../agent/tools/activities/zoned-time.ts';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);

/** The tenant's own settings (schedule_settings row with chat_id ''). */
/** A missing or no longer valid stored value falls back to its default (.catch): never breaks the scheduler. */
export const tenantScheduleSchema = z.object({
  /** Task and meeting reminders for the whole team. */
  reminders: z.boolean().catch(true),
  /** The weekly summary to the admins. */
  weeklyReport: z.boolean().catch(true),
  /** ISO weekday of the weekly summary (1 = Monday) and its local time. */
  weeklyDay: z.number().int().min(1).max(7).catch(1),
  weeklyTime: hhmm.catch('08:00'),
  /** No message from MAX on its own between these local times (wraps past midnight). */
  quietStart: hhmm.catch('21:00'),
  quietEnd: hhmm.catch('08:00'),
  /** Meetings are announced this long before they start. */
  meetingLeadMinutes: z.number().int().min(0).max(1440).catch(15),
});
export type TenantSchedule = z.infer<typeof tenantScheduleSchema>;

/** One team member's settings (schedule_settings row with their chat_id). */
export const memberScheduleSchema = z.object({
  reminders: z.boolean().catch(true),
  /** The daily digest: opt-in, at this local time. */
  digest: z.boolean().catch(false),
  digestTime: hhmm.catch('08:00'),
  /** Admins: the weekly summary for them. */
  weeklyReport: z.boolean().catch(true),
  /** The EspoCRM user this member is (assigned records' reminders come to them). */
  crmUserId: z.string().max(40).nullable().catch(null),
});
export type MemberSchedule = z.infer<typeof memberScheduleSchema>;

export interface ScheduleSettings {
  tenant: TenantSchedule;
  members: Record<string, MemberSchedule>;
}

/** The settings rows (chat_id '' → tenant) with their defaults. */
export function resolveSettings(rows: Record<string, Record<string, unknown>>): ScheduleSettings {
  const members: Record<string, MemberSchedule> = {};
  for (const [chat, s] of Object.entries(rows))
    if (chat !== '') members[chat] = memberScheduleSchema.parse(s);
  return { tenant: tenantScheduleSchema.parse(rows[''] ?? {}), members };
}

export const memberSettings = (s: ScheduleSettings, chatId: string): MemberSchedule =>
  s.members[chatId] ?? memberScheduleSchema.parse({});

/**
 * When the tenant's quiet hours are on at `now`: the instant they end (a held message goes then);
 * otherwise null. A window whose start equals its end is off.
 */
export function quietUntil(
  now: Date,
  timeZone: string,
  s: Pick<TenantSchedule, 'quietStart' | 'quietEnd'>,
): Date | null {
  const { quietStart: start, quietEnd: end } = s;
  if (start === end) return null;
  const wall = zonedNow(now, timeZone);
  const inside = start < end ? wall.time >= start && wall.time < end : wall.time >= start || wall.time < end;
  if (!inside) return null;
  // The end is today's when it is still ahead on the wall clock, else tomorrow's.
  const day = wall.time < end ? wall.date : nextDate(wall.date);
  return new Date(fromEspo(zonedToEspo(day, end, timeZone)));
}

/** YYYY-MM-DD plus n days (calendar arithmetic, no time zone). */
export function nextDate(date: string, days = 1): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The instant the tenant's wall clock shows `date` `time`. */
export const zonedInstant = (date: string, time: string, timeZone: string): Date =>
  new Date(fromEspo(zonedToEspo(date, time, timeZone)));
