import type { z } from 'zod';
import { zonedToEspo } from '../../agent/tools/activities/zoned-time.ts';
import { nextDate } from '../settings.ts';

/** A KindHandler's `parse` from a zod schema. */
export const parseWith =
  <T extends z.ZodType>(s: T) =>
  (p: unknown): { ok: true; value: z.infer<T> } | { ok: false; error: string } => {
    const r = s.safeParse(p);
    return r.success ? { ok: true, value: r.data } : { ok: false, error: r.error.message.slice(0, 150) };
  };

/** A local calendar day (or `days` of them) as EspoCRM UTC bounds: [from, to). */
export const dayBounds = (date: string, timeZone: string, days = 1) => ({
  from: zonedToEspo(date, '00:00', timeZone),
  to: zonedToEspo(nextDate(date, days), '00:00', timeZone),
});
