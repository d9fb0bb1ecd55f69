/** One way to compare words: lower case, no accents, straight apostrophes. */
export const fold = (s: string): string =>
  s
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .toLowerCase();

export interface Token {
  /** As typed. */
  raw: string;
  /** Folded (see fold). */
  word: string;
  start: number;
  end: number;
}

// Letters and digits only: "d'appeler" is "d" + "appeler", "Jean-Pierre" is "jean" + "pierre", on both
// sides of every comparison (the message and the values a call carries), so they always agree.
const WORD = /[\p{L}\p{N}]+/gu;

export function tokenize(text: string): Token[] {
  return [...text.matchAll(WORD)].map((m) => ({
    raw: m[0],
    word: fold(m[0]),
    start: m.index ?? 0,
    end: (m.index ?? 0) + m[0].length,
  }));
}

/** The folded words of a text, as a set. */
export const wordSet = (text: string): Set<string> => new Set(tokenize(text).map((t) => t.word));
