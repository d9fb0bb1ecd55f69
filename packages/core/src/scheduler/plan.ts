import { zonedNow } from '../agent/tools/activities/zoned-time.ts';
import type { PlanInput } from './db.ts';
import { memberSettings, nextDate, resolveSettings, zonedInstant } from './settings.ts';
import type { ItemSpec } from './types.ts';

/** The CRM is swept for upcoming tasks and meetings this often (one item per slot and tenant). */
export const SWEEP_EVERY_MS = 5 * 60_000;
/** A digest or report whose time passed longer ago than this (the cron was down) is skipped, not sent late. */
export const LATE_LIMIT_MS = 6 * 60 * 60_000;

/** ISO weekday (1 = Monday) of a YYYY-MM-DD date. */
const isoWeekday = (date: string) => {
  const d = new Date(`${date}T12:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
};

/**
 * The recurring items of one tenant at `now` (pure): the reminder sweep of the current slot, each
 * opted-in member's digest of the day, the weekly summary of the week. Their dedupe keys name the
 * slot, day or week, so planning again (every cron, twice at once) creates nothing new.
 */
export function planTenant(t: PlanInput, now: Date): ItemSpec[] {
  const s = resolveSettings(t.settings);
  const tz = t.timezone;
  const today = zonedNow(now, tz).date;
  const items: ItemSpec[] = [];
  const recent = (at: Date) => now.getTime() - at.getTime() <= LATE_LIMIT_MS;
  if (s.tenant.reminders) {
    const slot = Math.floor(now.getTime() / SWEEP_EVERY_MS) * SWEEP_EVERY_MS;
    items.push({
      kind: 'reminders.sweep',
      dedupeKey: `sweep:${new Date(slot).toISOString()}`,
      dueAt: new Date(slot),
    });
  }
  // Each occurrence is created ahead (a pending row until its time); one whose time passed longer
  // ago than LATE_LIMIT_MS (the cron was down) gives way to the next.
  const occurrence = (day: string, time: string, step: number) => {
    const at = zonedInstant(day, time, tz);
    return at.getTime() > now.getTime() || recent(at)
      ? { day, at }
      : { day: nextDate(day, step), at: zonedInstant(nextDate(day, step), time, tz) };
  };
  for (const m of t.team) {
    if (m.optedOut) continue;
    const ms = memberSettings(s, m.chatId);
    if (!ms.digest) continue;
    const o = occurrence(today, ms.digestTime, 1);
    items.push({
      kind: 'digest.daily',
      dedupeKey: `digest:${m.chatId}:${o.day}`,
      dueAt: o.at,
      chatId: m.chatId,
      payload: { day: o.day },
    });
  }
  if (s.tenant.weeklyReport) {
    const back = (isoWeekday(today) - s.tenant.weeklyDay + 7) % 7;
    const o = occurrence(nextDate(today, -back), s.tenant.weeklyTime, 7);
    items.push({ kind: 'report.weekly', dedupeKey: `weekly:${o.day}`, dueAt: o.at, payload: { day: o.day } });
  }
  return items;
}
