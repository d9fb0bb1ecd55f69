/**
 * Date facts of EspoCRM 8.4.2 (Core/Field/Date.php, DateTime.php): dates are strict `Y-m-d`, date-times
 * `Y-m-d H:i:s` (or `Y-m-d H:i`, completed with `:00`), always UTC in the API; the config time zone only
 * matters for all-day values and `dateTime: true` where items.
 */
import { zonedNow, zonedToEspo } from '@max/core';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})(?::(\d{2}))?$/;

export function isDate(v: unknown): v is string {
  const m = typeof v === 'string' ? DATE.exec(v) : null;
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!));
  return d.toISOString().slice(0, 10) === v;
}

export function isDateTime(v: unknown): v is string {
  const m = typeof v === 'string' ? DATETIME.exec(v) : null;
  if (!m) return false;
  const full = normalizeDateTime(v as string);
  const d = new Date(`${full.replace(' ', 'T')}Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().replace('T', ' ').slice(0, 19) === full;
}

/** `Y-m-d H:i` → `Y-m-d H:i:s`, as the server stores it. */
export const normalizeDateTime = (v: string) => (v.length === 16 ? `${v}:00` : v);

export const utcNow = () => new Date().toISOString().replace('T', ' ').slice(0, 19);

/**
 * Throws (RangeError) for a zone Intl does not know, as the stand-in always has (EspoCRM fails on an
 * unknown zone too); core's zoned-time helpers would read it as UTC instead.
 */
function checkZone(timeZone: string): void {
  new Intl.DateTimeFormat('en-US', { timeZone });
}

/** A wall-clock `Y-m-d[ H:i:s]` in `timeZone` → UTC `Y-m-d H:i:s`. */
export function zonedToUtc(local: string, timeZone: string): string {
  checkZone(timeZone);
  const full = local.length <= 10 ? `${local} 00:00:00` : normalizeDateTime(local);
  // Date reads the value (an unreadable one throws); core places its minute in the zone, the seconds stay.
  const wall = new Date(`${full.replace(' ', 'T')}Z`).toISOString();
  const utc = zonedToEspo(wall.slice(0, 10), wall.slice(11, 16), timeZone);
  return `${utc.slice(0, 17)}${wall.slice(17, 19)}`;
}

/** Now as a wall-clock date `Y-m-d` in `timeZone`. */
export function todayIn(timeZone: string, now = new Date()): string {
  checkZone(timeZone);
  return zonedNow(now, timeZone).date;
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date.slice(0, 10)}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function addSeconds(dateTime: string, s: number): string {
  return new Date(Date.parse(`${dateTime.replace(' ', 'T')}Z`) + s * 1000)
    .toISOString()
    .replace('T', ' ')
    .slice(0, 19);
}
