import type { Lang } from '../lang.ts';

/**
 * Words that depend on a number or a date, from the platform's Intl tables rather than lists of
 * our own: plurals by Intl.PluralRules, weekday and month names by Intl.DateTimeFormat.
 */
const PLURALS: Record<Lang, Intl.PluralRules> = {
  fr: new Intl.PluralRules('fr'),
  en: new Intl.PluralRules('en'),
};

/** True when n takes the plural in lang ("0 élément" in French, "0 items" in English). */
export const isPlural = (lang: Lang, n: number): boolean => PLURALS[lang].select(n) !== 'one';

/** The regular plural ending for n in lang: '' or 's'. */
export const pluralS = (lang: Lang, n: number): string => (isPlural(lang, n) ? 's' : '');

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
