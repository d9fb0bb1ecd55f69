/** People's names: validation, cleaning and the first/last split EspoCRM wants. */

/** 1–5 words of letters (accents), digits ("E2E"), hyphens, apostrophes and dots. */
export const NAME_WORDS = /^[\p{L}\d][\p{L}\d'.-]{0,40}(?: [\p{L}\d][\p{L}\d'.-]{0,40}){0,4}$/u;

// Words that start a family name: "Jean-Pierre Le Gall", "Ludwig van Beethoven", "Anne de la Tour".
const PARTICLES = new Set([
  'de',
  'du',
  'des',
  'del',
  'della',
  'der',
  'den',
  'di',
  'da',
  'dos',
  'das',
  'le',
  'la',
  'van',
  'von',
  'ter',
  'ten',
  'mac',
  'st',
  'saint',
  'sainte',
  'bin',
  'ben',
  'al',
  'el',
  'ó',
  'ní',
  'mc',
  'ua',
]);

export function cleanName(s: string): string {
  return s
    .replace(/^[\s:,;.!?"«»()-]+|[\s:,;.!?"«»()-]+$/g, '')
    .replace(/\s{2,}/g, ' ')
    .trim();
}

export function isName(s: string): boolean {
  return NAME_WORDS.test(s);
}

/**
 * "Jean-Pierre Le Gall" → Jean-Pierre / Le Gall; "Marie Claire Dupont" → Marie Claire / Dupont;
 * one word → last name only (EspoCRM requires a last name). A particle starts the last name.
 */
export function splitName(full: string): { firstName?: string; lastName: string } | null {
  const words = cleanName(full).split(' ').filter(Boolean);
  if (words.length === 0) return null;
  if (words.length === 1) return { lastName: words[0]! };
  let at = words.length - 1;
  for (let i = 1; i < words.length - 1; i++) {
    if (PARTICLES.has(words[i]!.toLowerCase())) {
      at = i;
      break;
    }
  }
  return { firstName: words.slice(0, at).join(' '), lastName: words.slice(at).join(' ') };
}
