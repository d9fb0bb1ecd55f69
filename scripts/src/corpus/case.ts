/** One line of a corpus (eval/corpus/*.jsonl), the shape the eval and the unit tests read. */
export interface CorpusCase {
  id: string;
  lang: 'fr' | 'en';
  role: 'member' | 'admin';
  text: string;
  today?: string;
  tz?: string;
  before?: string[];
  expect: { tool: string; args?: Record<string, unknown> } | { write: false; ask?: boolean };
}

/** A template: the i-th variant of one way of saying one command, in one language. */
export type Template = (i: number) => { text: string; args?: Record<string, unknown>; role?: 'admin' };

export interface Family {
  intent: string;
  tool: string;
  fr: Template[];
  en: Template[];
  /** Variants per template. */
  n: number;
}

export const pick = <T>(xs: readonly T[], i: number): T => xs[((i % xs.length) + xs.length) % xs.length]!;
