import type { Lang } from '../lang.ts';

/** Plurals by the platform's Intl.PluralRules, not by `n > 1` written at each reply. */
const PLURALS: Record<Lang, Intl.PluralRules> = {
  fr: new Intl.PluralRules('fr'),
  en: new Intl.PluralRules('en'),
};

/** True when n takes the plural in lang ("0 élément" in French, "0 items" in English). */
export const isPlural = (lang: Lang, n: number): boolean => PLURALS[lang].select(n) !== 'one';

/** The regular plural ending for n in lang: '' or 's'. */
export const pluralS = (lang: Lang, n: number): string => (isPlural(lang, n) ? 's' : '');
