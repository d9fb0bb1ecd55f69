/** The languages MAX answers in: every reply catalogue has one entry per language. */
export type Lang = 'fr' | 'en';
