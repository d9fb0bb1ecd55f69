/** Due dates ("demain", "friday", "dans 3 jours", "le 12/03", "12 mars") on a timezone-free calendar. */
import { chronoDate } from './chrono-dates.ts';
import { WEEKDAY_NUMBERS } from './names.ts';

// Days since 1970-01-01 for a proleptic Gregorian date (H. Hinnant's algorithm): no Date, no timezone.
function toDays(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function fromDays(z0: number): string {
  const z = z0 + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

const daysInMonth = (y: number, m: number) =>
  m === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;

/** A real calendar date as YYYY-MM-DD, or null ("2026-02-30" is not one). */
export function isoDate(y: number, m: number, d: number): string | null {
  if (!Number.isInteger(y) || y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m))
    return null;
  return fromDays(toDays(y, m, d));
}

const parseIso = (iso: string): [number, number, number] => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m || !isoDate(Number(m[1]), Number(m[2]), Number(m[3]))) throw new RangeError(`bad date: ${iso}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
};

export function addDays(iso: string, n: number): string {
  const [y, m, d] = parseIso(iso);
  return fromDays(toDays(y, m, d) + n);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(iso: string): number {
  const [y, m, d] = parseIso(iso);
  return (((toDays(y, m, d) + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}

const WEEKDAYS = WEEKDAY_NUMBERS;

const MONTHS: Record<string, number> = {
  janvier: 1,
  février: 2,
  fevrier: 2,
  mars: 3,
  avril: 4,
  mai: 5,
  juin: 6,
  juillet: 7,
  août: 8,
  aout: 8,
  septembre: 9,
  octobre: 10,
  novembre: 11,
  décembre: 12,
  decembre: 12,
  january: 1,
  february: 2,
  march: 3,
  april: 4,
  may: 5,
  june: 6,
  july: 7,
  august: 8,
  september: 9,
  october: 10,
  november: 11,
  december: 12,
};

const NUMBERS: Record<string, number> = {
  un: 1,
  une: 1,
  deux: 2,
  trois: 3,
  quatre: 4,
  cinq: 5,
  six: 6,
  sept: 7,
  huit: 8,
  neuf: 9,
  dix: 10,
  quinze: 15,
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  fifteen: 15,
};

const count = (s: string) => NUMBERS[s.toLowerCase()] ?? Number(s);

// Letter-aware edges: \b treats "é" as a non-letter and would cut "décembre".
const L = '(?<![\\p{L}\\d])';
const R = '(?![\\p{L}\\d])';
const LEAD = "(?:(?:le|on|pour|for|by|avant le|before|d'ici le|au plus tard le)\\s+)?";
const MONTH = Object.keys(MONTHS).join('|');
const NUM = `\\d{1,3}|${Object.keys(NUMBERS).join('|')}`;

const RE = {
  iso: new RegExp(`${L}${LEAD}(\\d{4})-(\\d{2})-(\\d{2})${R}`, 'iu'),
  slash: new RegExp(`${L}${LEAD}(\\d{1,2})/(\\d{1,2})(?:/(\\d{4}|\\d{2}))?${R}`, 'iu'),
  dayMonth: new RegExp(
    `${L}${LEAD}(\\d{1,2})(?:er|st|nd|rd|th)?\\s+(?:of\\s+)?(${MONTH})(?:\\s+(\\d{4}))?${R}`,
    'iu',
  ),
  monthDay: new RegExp(`${L}${LEAD}(${MONTH})\\s+(\\d{1,2})(?:st|nd|rd|th)?(?:,?\\s+(\\d{4}))?${R}`, 'iu'),
  relative: new RegExp(
    `${L}(?:pour\\s+|for\\s+|by\\s+)?(apr[eè]s[- ]demain|the day after tomorrow|day after tomorrow|demain|tomorrow|aujourd'hui|today|ce soir|tonight)${R}`,
    'iu',
  ),
  inN: new RegExp(
    `${L}(?:dans|in|d'ici)\\s+(${NUM})\\s+(jours?|days?|semaines?|weeks?|mois|months?)${R}`,
    'iu',
  ),
  nextWeek: new RegExp(`${L}(?:pour\\s+|for\\s+)?(la semaine prochaine|next week)${R}`, 'iu'),
  weekday: new RegExp(
    `${L}(?:(?:pour|on|by|ce|this|next|le|avant)\\s+)?(${Object.keys(WEEKDAYS).join('|')})(?:\\s+(?:prochain|qui vient))?${R}`,
    'iu',
  ),
};

export interface DateMatch {
  date: string;
  /** The words that said it, to remove from a task's name. */
  phrase: string;
  index: number;
}

/** Next occurrence of month/day on or after today (a date without a year never lies in the past). */
function upcoming(today: string, month: number, day: number, year?: number): string | null {
  if (year !== undefined) return isoDate(year, month, day);
  const y = Number(today.slice(0, 4));
  const sameYear = isoDate(y, month, day);
  if (sameYear && sameYear >= today) return sameYear;
  return isoDate(y + 1, month, day);
}

const found = (date: string | null, m: RegExpExecArray): DateMatch | null =>
  date ? { date, phrase: m[0], index: m.index } : null;

const year = (s: string | undefined) => (s ? Number(s.length === 2 ? `20${s}` : s) : undefined);

/** The first due date the text states, resolved against `today` (YYYY-MM-DD). */
export function findDueDate(text: string, today: string): DateMatch | null {
  let m = RE.iso.exec(text);
  if (m) return found(isoDate(Number(m[1]), Number(m[2]), Number(m[3])), m);
  m = RE.slash.exec(text);
  if (m) return found(upcoming(today, Number(m[2]), Number(m[1]), year(m[3])), m);
  m = RE.dayMonth.exec(text);
  if (m) return found(upcoming(today, MONTHS[m[2]!.toLowerCase()]!, Number(m[1]), year(m[3])), m);
  m = RE.monthDay.exec(text);
  if (m) return found(upcoming(today, MONTHS[m[1]!.toLowerCase()]!, Number(m[2]), year(m[3])), m);
  m = RE.relative.exec(text);
  if (m) {
    const w = m[1]!.toLowerCase();
    return found(addDays(today, /apr|after/.test(w) ? 2 : /demain|tomorrow/.test(w) ? 1 : 0), m);
  }
  m = RE.inN.exec(text);
  if (m) {
    const n = count(m[1]!);
    const unit = m[2]!.toLowerCase();
    if (!Number.isFinite(n) || n > 366) return null;
    if (/^(mois|month)/.test(unit)) {
      const [y, mo, d] = parseIso(today);
      const total = mo - 1 + n;
      const ty = y + Math.floor(total / 12);
      const tm = (total % 12) + 1;
      return found(isoDate(ty, tm, Math.min(d, daysInMonth(ty, tm))), m);
    }
    return found(addDays(today, /^(sem|week)/.test(unit) ? n * 7 : n), m);
  }
  m = RE.nextWeek.exec(text);
  if (m) return found(addDays(today, 7), m);
  m = RE.weekday.exec(text);
  if (m) {
    // Always a day still to come: "lundi" said on a Monday is next Monday.
    const delta = (WEEKDAYS[m[1]!.toLowerCase()]! - weekday(today) + 7) % 7 || 7;
    return found(addDays(today, delta), m);
  }
  // Anything else said in words ("end of January", "in two weeks"): chrono-node reads it.
  return chronoDate(text, today);
}
