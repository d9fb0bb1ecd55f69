/**
 * Dates in words that the short table of dates.ts does not hold ("end of January", "in two weeks",
 * "dans deux semaines", "fin janvier"), read by chrono-node in French and English on the tenant's
 * calendar day. Only a day or a weekday counts: a bare time or a bare month name ("Bruno Mars") is
 * not a date.
 */
import * as chrono from 'chrono-node';

export interface ChronoDate {
  date: string;
  phrase: string;
  index: number;
}

const pad = (n: number) => String(n).padStart(2, '0');
const MONTHS_FR: Record<string, string> = {
  janvier: 'January',
  fevrier: 'February',
  février: 'February',
  mars: 'March',
  avril: 'April',
  mai: 'May',
  juin: 'June',
  juillet: 'July',
  aout: 'August',
  août: 'August',
  septembre: 'September',
  octobre: 'October',
  novembre: 'November',
  decembre: 'December',
  décembre: 'December',
};
// chrono reads "end of January" but not "fin janvier": the French phrase is read as its English twin,
// at the same place and length in the text.
const FIN = new RegExp(
  `(?<![\\p{L}])(?:(?:à la|a la)\\s+)?fin\\s+(?:(?:de|du|d')\\s*)?(?:(?:ce|le)\\s+)?(?:mois\\s+(?:de\\s+|d')?)?(${Object.keys(MONTHS_FR).join('|')}|mois)(?![\\p{L}])`,
  'iu',
);

const TOKENISH = /[\p{L}\d]/u;
const NOW = /^(?:maintenant|now|right now|tout de suite|d[ée]sormais)$/iu;

function chronoIn(text: string, today: string): ChronoDate | null {
  const ref = { instant: new Date(`${today}T12:00:00Z`), timezone: 0 };
  for (const parser of [chrono.fr, chrono.en]) {
    for (const r of parser.parse(text, ref, { forwardDate: true })) {
      if (!r.start.isCertain('day') && !r.start.isCertain('weekday')) continue;
      // "maintenant", "now": the moment of speaking, not a date someone gives.
      if (NOW.test(r.text)) continue;
      // "11h", "at 10": a time of day alone is not a date (its day would only be today by default).
      if (!/\p{L}{3,}/u.test(r.text)) continue;
      // Not inside a word: "fin" in "Dufin", a digit glued to letters.
      const before = text[r.index - 1] ?? ' ';
      const after = text[r.index + r.text.length] ?? ' ';
      if (TOKENISH.test(before) || TOKENISH.test(after)) continue;
      const date = `${r.start.get('year')}-${pad(r.start.get('month') ?? 1)}-${pad(r.start.get('day') ?? 1)}`;
      if (date < today) continue;
      return { date, phrase: r.text, index: r.index };
    }
  }
  return null;
}

/** The first date in words that chrono-node reads in the text (null when none, or only in the past). */
export function chronoDate(text: string, today: string): ChronoDate | null {
  const fin = FIN.exec(text);
  if (fin) {
    const month = fin[1]!.toLowerCase();
    const english = month === 'mois' ? 'end of the month' : `end of ${MONTHS_FR[month]}`;
    const read = chronoIn(english, today);
    if (read) return { date: read.date, phrase: fin[0], index: fin.index };
  }
  return chronoIn(text.slice(0, 300), today);
}
