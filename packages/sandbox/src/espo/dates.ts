/**
 * Date facts of EspoCRM 8.4.2 (Core/Field/Date.php, DateTime.php): dates are strict `Y-m-d`, date-times
 * `Y-m-d H:i:s` (or `Y-m-d H:i`, completed with `:00`), always UTC in the API; the config time zone only
 * matters for all-day values and `dateTime: true` where items.
 */
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

/** The UTC offset (minutes) of a time zone at an instant, from Intl. */
function offsetMinutes(timeZone: string, at: Date): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const asUtc = Date.UTC(
    +parts.year!,
    +parts.month! - 1,
    +parts.day!,
    +parts.hour!,
    +parts.minute!,
    +parts.second!,
  );
  return Math.round((asUtc - at.getTime()) / 60_000);
}

/** A wall-clock `Y-m-d[ H:i:s]` in `timeZone` → UTC `Y-m-d H:i:s`. */
export function zonedToUtc(local: string, timeZone: string): string {
  const full = local.length <= 10 ? `${local} 00:00:00` : normalizeDateTime(local);
  const naive = Date.parse(`${full.replace(' ', 'T')}Z`);
  let t = naive - offsetMinutes(timeZone, new Date(naive)) * 60_000;
  t = naive - offsetMinutes(timeZone, new Date(t)) * 60_000;
  return new Date(t).toISOString().replace('T', ' ').slice(0, 19);
}

/** Now as a wall-clock date `Y-m-d` in `timeZone`. */
export function todayIn(timeZone: string, now = new Date()): string {
  return new Date(now.getTime() + offsetMinutes(timeZone, now) * 60_000).toISOString().slice(0, 10);
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
