import { en } from './i18n-en.ts';
import { fr } from './i18n-fr.ts';

export type Lang = 'fr' | 'en';
export type Key = keyof typeof en;

const STORE_KEY = 'max.lang';
const dictionaries: Record<Lang, Record<Key, string>> = { en, fr };

/** The person's choice, else the browser's language (French when it says French, English otherwise). */
export function initialLang(): Lang {
  const saved = localStorage.getItem(STORE_KEY);
  if (saved === 'fr' || saved === 'en') return saved;
  return (navigator.languages?.[0] ?? navigator.language ?? 'en').toLowerCase().startsWith('fr')
    ? 'fr'
    : 'en';
}

export function saveLang(lang: Lang): void {
  localStorage.setItem(STORE_KEY, lang);
  document.documentElement.lang = lang;
}

/** A translator for one language: `{name}` placeholders are filled from `vars`. */
export function translator(lang: Lang) {
  return (key: Key, vars: Record<string, string | number> = {}) =>
    dictionaries[lang][key].replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? `{${k}}`));
}
export type T = ReturnType<typeof translator>;
