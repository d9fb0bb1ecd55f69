/** Relative due dates ("demain", "friday", "dans 3 jours", "le 12/03") against an injected today. */
const WEEKDAYS: Record<string, number> = {
  dimanche: 0,
  lundi: 1,
  mardi: 2,
  mercredi: 3,
  jeudi: 4,
  vendredi: 5,
  samedi: 6,
  sunday: 0,
  monday: 1,
  tuesday: 2,
  wednesday: 3,
  thursday: 4,
  friday: 5,
  saturday: 6,
};

const addDays = (iso: string, n: number) => {
  const d = new Date(`${iso}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

export interface DateMatch {
  date: string;
  /** The words that said it, to remove from the task's name. */
  phrase: string;
}

export function findDueDate(text: string, today: string): DateMatch | null {
  const iso = text.match(/\b(?:le |on |pour |for |by |avant le )?(\d{4}-\d{2}-\d{2})\b/i);
  if (iso) return { date: iso[1]!, phrase: iso[0] };
  const dm = text.match(/\b(?:le |on |pour |for |by )?(\d{1,2})\/(\d{1,2})(?:\/(\d{2,4}))?\b/i);
  if (dm) {
    const [y0] = today.split('-').map(Number) as [number];
    let year = dm[3] ? Number(dm[3].length === 2 ? `20${dm[3]}` : dm[3]) : y0;
    const mk = (y: number) =>
      `${y}-${String(Number(dm[2])).padStart(2, '0')}-${String(Number(dm[1])).padStart(2, '0')}`;
    if (!dm[3] && mk(year) < today) year++;
    return { date: mk(year), phrase: dm[0] };
  }
  const rel = text.match(
    /\b(apr[eè]s[- ]demain|day after tomorrow|demain|tomorrow|aujourd'hui|today|ce soir|tonight)\b/i,
  );
  if (rel) {
    const w = rel[1]!.toLowerCase();
    const n = /apr|after/.test(w) ? 2 : /demain|tomorrow/.test(w) ? 1 : 0;
    return { date: addDays(today, n), phrase: rel[0] };
  }
  const inDays = text.match(/\b(?:dans|in) (\d{1,3}) (?:jours?|days?)\b/i);
  if (inDays) return { date: addDays(today, Number(inDays[1])), phrase: inDays[0] };
  const inWeeks = text.match(
    /\b(?:dans|in) (\d{1,2}) (?:semaines?|weeks?)\b|\b(la semaine prochaine|next week)\b/i,
  );
  if (inWeeks) return { date: addDays(today, inWeeks[1] ? Number(inWeeks[1]) * 7 : 7), phrase: inWeeks[0] };
  const wd = text.match(
    /\b(?:pour |on |by |ce |this |next |le )?(lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?: prochain)?\b/i,
  );
  if (wd) {
    const target = WEEKDAYS[wd[1]!.toLowerCase()]!;
    const current = new Date(`${today}T12:00:00Z`).getUTCDay();
    const delta = (target - current + 7) % 7 || 7;
    return { date: addDays(today, delta), phrase: wd[0] };
  }
  return null;
}
