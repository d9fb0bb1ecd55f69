/** Names longer than this are not people's names: they are never called close (bounded work). */
const MAX_NAME = 120;
/** Below this many letters one typo turns a name into another person's ("Li Wu" / "Li Xu"). */
const TYPO_MIN_LETTERS = 8;

/** A name as it compares: no accents, case or punctuation, words separated by one space. */
export function plainName(name: string): string {
  return name
    .slice(0, MAX_NAME)
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The same words in alphabetical order: "Dupont Marie" and "Marie Dupont" share it. */
export const nameKey = (name: string): string => plainName(name).split(' ').filter(Boolean).sort().join(' ');

/** Levenshtein distance, stopping as soon as it exceeds `max`. */
function withinEdits(a: string, b: string, max: number): boolean {
  if (Math.abs(a.length - b.length) > max) return false;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      row.push(v);
      if (v < best) best = v;
    }
    if (best > max) return false;
    prev = row;
  }
  return prev[b.length]! <= max;
}

/**
 * Two person names are close when they are the same once accents, case, punctuation and word order
 * are set aside ("Marie-Anne Dupont" / "DUPONT Marie Anne"), or when they differ by one typo (a letter
 * added, removed or changed) and have at least 8 letters ("Marie Dupont" / "Marie Dupond").
 */
export function closeNames(a: string, b: string): boolean {
  if (a.length > MAX_NAME || b.length > MAX_NAME) return false;
  const ka = nameKey(a);
  const kb = nameKey(b);
  if (!ka || !kb) return false;
  if (ka === kb) return true;
  if (Math.min(ka.replace(/ /g, '').length, kb.replace(/ /g, '').length) < TYPO_MIN_LETTERS) return false;
  return withinEdits(ka, kb, 1) || withinEdits(plainName(a), plainName(b), 1);
}
