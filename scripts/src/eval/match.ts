import { checkPhone, espoToZoned } from '@max/core';

/** Lower case, no accents, no quotes around, one space between words: how values are compared. */
export function fold(v: unknown): string {
  return String(v ?? '')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/^["'«“‘\s]+|["'»”’\s]+$/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

const DAY = 86_400_000;
const asDay = (d: string) => Date.parse(`${d}T00:00:00Z`);
const ofDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The dates a written date may rightly be, for an expected one: the date itself (a date given in
 * full), and when the run's day is not the case's `today`, the same day and month next, the same
 * offset from the run's day ("demain", "dans 3 jours") and the same weekday after it ("lundi").
 */
export function acceptedDates(expected: string, caseToday: string | undefined, runToday: string): string[] {
  const out = new Set([expected]);
  if (caseToday && caseToday !== runToday) {
    // A day and month ("le 15 décembre", "fin mars"): the next such date from the run's day.
    let year = Number(runToday.slice(0, 4));
    if (`${year}${expected.slice(4)}` < runToday) year++;
    out.add(`${year}${expected.slice(4)}`);
    const offset = Math.round((asDay(expected) - asDay(caseToday)) / DAY);
    out.add(ofDay(asDay(runToday) + offset * DAY));
    if (offset > 0) {
      const weekday = new Date(asDay(expected)).getUTCDay();
      const weeksAhead = Math.floor((offset - 1) / 7);
      let d = asDay(runToday) + DAY;
      while (new Date(d).getUTCDay() !== weekday) d += DAY;
      out.add(ofDay(d + weeksAhead * 7 * DAY));
    }
  }
  return [...out];
}

/** An EspoCRM date-time (UTC) as the tenant's wall clock (a date alone stays as it is). */
export function localDateTime(espo: string, timeZone: string): { date: string; time: string } | null {
  if (/^\d{4}-\d{2}-\d{2}$/.test(espo)) return { date: espo, time: '' };
  return espoToZoned(espo, timeZone);
}

const e164 = (v: string) => {
  const p = checkPhone(v, 'FR');
  return p.ok ? p.e164 : null;
};

export interface MatchContext {
  caseToday?: string;
  runToday: string;
}

/** Whether an observed value is the expected one (strings folded, phones in E.164, dates, numbers). */
export function sameValue(expected: unknown, observed: unknown, ctx: MatchContext): boolean {
  if (observed === undefined || observed === null || observed === '')
    return expected === null || expected === '';
  if (typeof expected === 'number') return Number(observed) === expected;
  if (typeof expected === 'boolean') return observed === expected || fold(observed) === String(expected);
  if (Array.isArray(expected)) {
    const got = Array.isArray(observed) ? observed : [observed];
    return expected.every((x) => got.some((g) => sameValue(x, g, ctx)));
  }
  if (typeof expected !== 'string') return JSON.stringify(expected) === JSON.stringify(observed);
  const want = expected.trim();
  const got = String(observed).trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(want) && /^\d{4}-\d{2}-\d{2}/.test(got))
    return acceptedDates(want, ctx.caseToday, ctx.runToday).includes(got.slice(0, 10));
  if (/^\+\d{6,}$/.test(want.replace(/\s/g, ''))) return e164(got) === e164(want);
  if (/^-?\d+(\.\d+)?$/.test(want) && /^-?\d+(\.\d+)?$/.test(got)) return Number(want) === Number(got);
  return fold(want) === fold(got);
}

/** A record named the way a person names it: the expected words are all in one of its names. */
export function namesRecord(expected: string, names: unknown[]): boolean {
  const want = fold(expected);
  if (!want) return false;
  return names.some((n) => {
    const got = fold(n);
    if (!got) return false;
    if (got === want) return true;
    if (e164(String(n)) && e164(expected)) return e164(String(n)) === e164(expected);
    const words = new Set(got.split(/[^a-z0-9]+/));
    return want.split(/[^a-z0-9]+/).every((w) => !w || words.has(w));
  });
}

/** The reply mentions the value (folded: case, accents and spacing aside). */
export const replyMentions = (reply: string, value: unknown) => fold(reply).includes(fold(value));
