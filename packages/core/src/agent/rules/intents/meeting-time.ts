/**
 * Times of day and durations in free text ("à 10h", "10h30", "15:00", "3pm", "at 3", "midi"; "pendant
 * 1h", "for 45 min", "une demi-heure"), as the tenant's wall clock: the tool converts to UTC.
 * Every pattern is linear: bounded digit runs, no nested quantifiers.
 */

export interface Found<T> {
  value: T;
  /** The words that said it, to remove from the rest of the command. */
  phrase: string;
}

const L = '(?<![\\p{L}\\d])';
const R = '(?![\\p{L}\\d])';
const AT = '(?:(?:à|a|at|vers|around|@|pour|for|de|from)\\s+)?';

const pad = (n: number) => String(n).padStart(2, '0');

const RE = {
  // "10h", "10 h 30", "10h30", "14:00", "9 heures", optionally "am/pm" after ("10:30 pm").
  hm: new RegExp(
    `${L}${AT}(\\d{1,2})\\s?(?:h|:|heures?)\\s?(\\d{2})?(?:\\s?(am|pm|a\\.m\\.|p\\.m\\.))?${R}`,
    'iu',
  ),
  // "3pm", "3 pm", "at 11am".
  ampm: new RegExp(`${L}${AT}(\\d{1,2})\\s?(am|pm|a\\.m\\.|p\\.m\\.)(?![\\p{L}\\d])`, 'iu'),
  noon: new RegExp(`${L}(?:(?:à|a|at|vers|around)\\s+)?(midi|noon|minuit|midnight)${R}`, 'iu'),
  // "at 3" / "à 9" at the end of a clause: business hours, so 1–7 are afternoon.
  bare: new RegExp(`${L}(?:à|at)\\s+(\\d{1,2})(?=\\s*(?:$|[,;:.!?]))`, 'iu'),
};

function hour24(h: number, suffix: string | undefined): number | null {
  if (suffix) {
    if (h < 1 || h > 12) return null;
    const pm = suffix.toLowerCase().startsWith('p');
    return pm ? (h % 12) + 12 : h % 12;
  }
  return h <= 23 ? h : null;
}

/** The first time of day a text states, as HH:mm. */
export function findTime(text: string): Found<string> | null {
  let m = RE.hm.exec(text);
  if (m) {
    const h = hour24(Number(m[1]), m[3]);
    const min = Number(m[2] ?? 0);
    return h === null || min > 59 ? null : { value: `${pad(h)}:${pad(min)}`, phrase: m[0] };
  }
  m = RE.ampm.exec(text);
  if (m) {
    const h = hour24(Number(m[1]), m[2]);
    return h === null ? null : { value: `${pad(h)}:00`, phrase: m[0] };
  }
  m = RE.noon.exec(text);
  if (m) return { value: /mi(di|dday)|noon/i.test(m[1]!) ? '12:00' : '00:00', phrase: m[0] };
  m = RE.bare.exec(text);
  if (m) {
    const h = Number(m[1]);
    if (h < 1 || h > 23) return null;
    return { value: `${pad(h <= 7 ? h + 12 : h)}:00`, phrase: m[0] };
  }
  return null;
}

const DUR = {
  // "pendant 1h", "for 2 hours", "durant 1h30", "during 1 h 30": hours need a word before them
  // ("demain 10h" is a time, not ten hours).
  hours: new RegExp(
    `${L}(?:pendant|durant|during|for|sur)\\s+(\\d{1,2})\\s?(?:h|heures?|hours?|hrs?)(?:\\s?(\\d{2}))?${R}`,
    'iu',
  ),
  // "30 min", "pendant 45 minutes", "for 20 mins".
  minutes: new RegExp(
    `${L}(?:(?:pendant|durant|during|for|de|of)\\s+)?(\\d{1,3})\\s?(?:min|mins|minutes?|mn)${R}`,
    'iu',
  ),
  words: new RegExp(
    `${L}(?:pendant|durant|during|for|pour)?\\s?(une demi-heure|une demi heure|half an hour|a half hour|une heure et demie|an hour and a half|une heure|an hour|one hour|deux heures|two hours|trois heures|three hours)${R}`,
    'iu',
  ),
};

const WORD_MINUTES: Record<string, number> = {
  'une demi-heure': 30,
  'une demi heure': 30,
  'half an hour': 30,
  'a half hour': 30,
  'une heure et demie': 90,
  'an hour and a half': 90,
  'une heure': 60,
  'an hour': 60,
  'one hour': 60,
  'deux heures': 120,
  'two hours': 120,
  'trois heures': 180,
  'three hours': 180,
};

/** The first duration a text states, in minutes. */
export function findDuration(text: string): Found<number> | null {
  let m = DUR.hours.exec(text);
  if (m) return { value: Number(m[1]) * 60 + Number(m[2] ?? 0), phrase: m[0] };
  m = DUR.words.exec(text);
  if (m) return { value: WORD_MINUTES[m[1]!.toLowerCase()]!, phrase: m[0] };
  m = DUR.minutes.exec(text);
  if (m) return { value: Number(m[1]), phrase: m[0] };
  return null;
}

/**
 * The duration, the time and the date said in these words, each taken out where it was said (the
 * rest names who or what): calls look for a past date, meetings for a coming one.
 */
export function takeWhen<D extends { phrase: string }>(words: string, findDate: (text: string) => D | null) {
  let rest = words;
  const duration = findDuration(rest);
  if (duration) rest = rest.replace(duration.phrase, ' ');
  const time = findTime(rest);
  if (time) rest = rest.replace(time.phrase, ' ');
  const date = findDate(rest);
  if (date) rest = rest.replace(date.phrase, ' ');
  return { rest, duration, time, date };
}
