/** The languages MAX answers in: every reply catalogue has one entry per language. */
export type Lang = 'fr' | 'en';

/**
 * A reply catalogue, one entry per language: the French entry fixes the keys and their shapes and
 * the English one must have exactly the same, so a reply missing (or extra) in one language fails
 * the type check.
 */
export const catalogue = <F extends object>(c: { fr: F; en: NoInfer<F> }): Record<Lang, F> => c;
