/** An opportunity needs a close date (EspoCRM requires it): without one, a month from today. */
export const DEFAULT_CLOSE_DAYS = 30;

export function defaultCloseDate(today: string): string {
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + DEFAULT_CLOSE_DAYS);
  return d.toISOString().slice(0, 10);
}

/** A real calendar day written YYYY-MM-DD ("2026-02-31" is not one). */
export function isDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}
