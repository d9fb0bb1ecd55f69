/**
 * Seed values may be dates relative to the run's day, so a seeded agenda is "today's" whenever the
 * eval runs: "@today", "@today+2", "@today-1" (YYYY-MM-DD), or with a local time "@today+1 10:00"
 * (EspoCRM's UTC date-time for that wall-clock time in the case's time zone).
 */
const TOKEN = /^@today(?:([+-])(\d{1,3}))?(?: (\d{2}):(\d{2}))?$/;

function utcOf(date: string, hh: string, mm: string, timeZone: string): string {
  // The zone's offset at that moment, found by formatting a first guess and correcting once.
  const guess = new Date(`${date}T${hh}:${mm}:00Z`);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(guess)
      .map((p) => [p.type, p.value]),
  );
  const shown = Date.parse(`${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:00Z`);
  const utc = new Date(guess.getTime() - (shown - guess.getTime()));
  return utc.toISOString().replace('T', ' ').slice(0, 19);
}

export function seedValue(v: unknown, runToday: string, timeZone: string): unknown {
  if (typeof v !== 'string') return v;
  const m = TOKEN.exec(v.trim());
  if (!m) return v;
  const days = m[2] ? Number(m[2]) * (m[1] === '-' ? -1 : 1) : 0;
  const date = new Date(Date.parse(`${runToday}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
  return m[3] ? utcOf(date, m[3], m[4]!, timeZone) : date;
}

export const seedAttrs = (attrs: Record<string, unknown>, runToday: string, timeZone: string) =>
  Object.fromEntries(Object.entries(attrs).map(([k, v]) => [k, seedValue(v, runToday, timeZone)]));
