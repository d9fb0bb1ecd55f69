/**
 * Wall-clock times in the tenant's time zone ↔ EspoCRM's UTC `YYYY-MM-DD HH:mm:ss`, with Intl only
 * (available in workerd, Deno and Node): "demain à 10h" in Europe/Paris is 09:00 UTC in winter and
 * 08:00 UTC in summer, and the reply shows 10:00 again.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      });
    } catch {
      // An unknown zone name: UTC rather than a crash (the tenant's settings are checked elsewhere).
      f = formatter('UTC');
    }
    formatters.set(timeZone, f);
  }
  return f;
}

export interface WallClock {
  /** YYYY-MM-DD */
  date: string;
  /** HH:mm */
  time: string;
}

/** What a clock on the wall in `timeZone` shows at `at`, and that reading as if it were UTC (ms). */
function read(at: number, timeZone: string): WallClock & { asUtc: number } {
  const p: Record<string, string> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(at))) p[part.type] = part.value;
  const hour = p.hour === '24' ? '00' : p.hour!;
  return {
    date: `${p.year}-${p.month}-${p.day}`,
    time: `${hour}:${p.minute}`,
    asUtc: Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(hour), Number(p.minute)),
  };
}

/** The zone's offset from UTC at an instant, in ms (Paris: +1 h in winter, +2 h in summer). */
const offsetAt = (at: number, timeZone: string) =>
  read(at, timeZone).asUtc - Math.floor(at / 60_000) * 60_000;

const pad = (n: number) => String(n).padStart(2, '0');

/** EspoCRM's date-time form of an instant (UTC). */
export function toEspo(at: number): string {
  const d = new Date(at);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** An EspoCRM date-time (UTC) as an instant. */
export function fromEspo(value: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?/.exec(value);
  if (!m) return Number.NaN;
  return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +(m[6] ?? 0));
}

/**
 * The instant a wall clock in `timeZone` shows `date` `time`, as EspoCRM stores it. The offset is
 * read at the instant itself, so each side of a DST change gets its own; a time skipped by the
 * spring change moves forward by the gap (02:30 → 03:30), a repeated autumn time is the later one.
 */
export function zonedToEspo(date: string, time: string, timeZone: string): string {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const [h, mi] = time.split(':').map(Number) as [number, number];
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  const first = wall - offsetAt(wall, timeZone);
  return toEspo(wall - offsetAt(first, timeZone));
}

/** An EspoCRM date-time (UTC) as the tenant's wall clock shows it. */
export function espoToZoned(value: string, timeZone: string): WallClock | null {
  const at = fromEspo(value);
  if (Number.isNaN(at)) return null;
  const { date, time } = read(at, timeZone);
  return { date, time };
}

/** The tenant's wall clock now. */
export const zonedNow = (now: Date, timeZone: string): WallClock => {
  const { date, time } = read(now.getTime(), timeZone);
  return { date, time };
};

export const addMinutes = (espo: string, minutes: number): string =>
  toEspo(fromEspo(espo) + minutes * 60_000);

/** HH:mm with a real hour and minute, or null. */
export function checkTime(time: string): string | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(time.trim());
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) return null;
  return `${pad(Number(m[1]))}:${m[2]}`;
}
