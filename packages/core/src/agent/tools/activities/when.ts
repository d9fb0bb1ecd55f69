import { isoDate } from '../../calendar/dates.ts';
import type { ToolContext, ToolOutcome } from '../../types.ts';
import { addMinutes, checkTime, espoToZoned, toEspo, zonedNow, zonedToEspo } from './zoned-time.ts';

/** A start in EspoCRM's UTC form, and how the tenant's wall clock reads it (for the reply). */
export interface When {
  start: string;
  end(minutes: number): string;
  local: { date: string; time: string; timeZone: string };
}

type Invalid = Extract<ToolOutcome, { kind: 'invalid' }>;

const invalid = (field: string, reason: string, value?: string): Invalid => ({
  ok: false,
  kind: 'invalid',
  field,
  reason,
  ...(value !== undefined ? { value } : {}),
});

function checkDate(date: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date.trim());
  return m ? isoDate(Number(m[1]), Number(m[2]), Number(m[3])) : null;
}

/**
 * The date and time a sender gave, in the tenant's time zone. `now`: what is missing is taken from
 * the present (a call just held); `required`: a date and a time must be said (a meeting).
 */
export function whenOf(
  ctx: Pick<ToolContext, 'clock' | 'tenant' | 'today'>,
  date: string | undefined,
  time: string | undefined,
  missing: 'now' | 'required',
): { ok: true; value: When } | { ok: false; invalid: Invalid } {
  const tz = ctx.tenant.timezone;
  const d = date ? checkDate(date) : null;
  if (date && !d) return { ok: false, invalid: invalid('date', 'not_a_date', date) };
  const t = time ? checkTime(time) : null;
  if (time && !t) return { ok: false, invalid: invalid('time', 'not_a_time', time) };
  if (missing === 'required') {
    if (!d) return { ok: false, invalid: invalid('date', 'missing_date') };
    if (!t) return { ok: false, invalid: invalid('time', 'missing_time') };
  }
  const now = ctx.clock.now();
  const wall = zonedNow(now, tz);
  // Nothing said: the present minute, read once (not rebuilt from the wall clock, so DST cannot shift it).
  const start =
    !d && !t
      ? toEspo(Math.floor(now.getTime() / 60_000) * 60_000)
      : zonedToEspo(d ?? (t ? ctx.today : wall.date), t ?? wall.time, tz);
  // Read back from the stored instant: a time the spring change skips shows as the one it became.
  const shown = espoToZoned(start, tz) ?? wall;
  const local = { date: shown.date, time: shown.time, timeZone: tz };
  return { ok: true, value: { start, end: (minutes) => addMinutes(start, minutes), local } };
}
