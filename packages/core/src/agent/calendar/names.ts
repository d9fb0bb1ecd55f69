import type { Lang } from '../lang.ts';

/** Weekday and month names from the platform's Intl tables (Intl.DateTimeFormat), not lists of our own. */
const names = (lang: Lang, part: Intl.DateTimeFormatOptions, dates: Date[]): string[] => {
  const f = new Intl.DateTimeFormat(lang, { ...part, timeZone: 'UTC' });
  return dates.map((d) => f.format(d));
};

// 1970-01-04 was a Sunday: seven days from it give the names 0 = Sunday … 6 = Saturday.
const WEEK = Array.from({ length: 7 }, (_, i) => new Date(Date.UTC(1970, 0, 4 + i)));
const YEAR = Array.from({ length: 12 }, (_, i) => new Date(Date.UTC(1970, i, 15)));

const WEEKDAY_NAMES: Record<Lang, string[]> = {
  fr: names('fr', { weekday: 'long' }, WEEK),
  en: names('en', { weekday: 'long' }, WEEK),
};
const MONTH_NAMES: Record<Lang, string[]> = {
  fr: names('fr', { month: 'long' }, YEAR),
  en: names('en', { month: 'long' }, YEAR),
};

/** "lundi", "Monday": 0 = Sunday … 6 = Saturday. */
export const weekdayName = (lang: Lang, day: number): string => WEEKDAY_NAMES[lang][day]!;

/** "janvier", "January": 1 = January … 12 = December. */
export const monthName = (lang: Lang, month: number): string => MONTH_NAMES[lang][month - 1]!;

/** Weekday names in every language MAX reads, lower case, to their number (0 = Sunday … 6 = Saturday). */
export const WEEKDAY_NUMBERS: Readonly<Record<string, number>> = Object.fromEntries(
  (['fr', 'en'] as const).flatMap((lang) =>
    WEEKDAY_NAMES[lang].map((name, day) => [name.toLowerCase(), day]),
  ),
);
