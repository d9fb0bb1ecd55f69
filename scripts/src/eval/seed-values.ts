import { zonedToEspo } from '@max/core';

/**
 * Seed values may be dates relative to the run's day, so a seeded agenda is "today's" whenever the
 * eval runs: "@today", "@today+2", "@today-1" (YYYY-MM-DD), or with a local time "@today+1 10:00"
 * (EspoCRM's UTC date-time for that wall-clock time in the case's time zone).
 */
const TOKEN = /^@today(?:([+-])(\d{1,3}))?(?: (\d{2}):(\d{2}))?$/;

export function seedValue(v: unknown, runToday: string, timeZone: string): unknown {
  if (typeof v !== 'string') return v;
  const m = TOKEN.exec(v.trim());
  if (!m) return v;
  const days = m[2] ? Number(m[2]) * (m[1] === '-' ? -1 : 1) : 0;
  const date = new Date(Date.parse(`${runToday}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
  return m[3] ? zonedToEspo(date, `${m[3]}:${m[4]}`, timeZone) : date;
}

export const seedAttrs = (attrs: Record<string, unknown>, runToday: string, timeZone: string) =>
  Object.fromEntries(Object.entries(attrs).map(([k, v]) => [k, seedValue(v, runToday, timeZone)]));
