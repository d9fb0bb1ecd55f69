/**
 * A message read word by word once its slots are out: which actions, record nouns and field names
 * it says, and the runs of other words (the names), each with the marker word just before it
 * ("chez Acme", "from Roux & Fils", "le lead Dupont") and the clause it is in.
 */
import { fold, type Token, tokenize } from './fold.ts';
import { type Action, actionsOf, type Entity, entityOf, isFiller, labelOf, QUESTION } from './lexicon.ts';
import { type Recognised, recognise } from './slots.ts';
import { EXTRA_WORDS } from './tool-words.ts';

export interface Run {
  text: string;
  start: number;
  end: number;
  /** The folded words before it in its clause, nearest last (fillers included). */
  before: string[];
  clause: number;
  capitalised: boolean;
}

export interface Word extends Token {
  actions: Action[];
  entity: Entity | null;
  label: string | null;
  clause: number;
}

export interface Reading {
  text: string;
  rec: Recognised;
  words: Word[];
  runs: Run[];
  question: boolean;
}

// Words that join two capitalised words of one name: "Anne de la Tour", "Roux & Fils", "Van der Berg".
const JOINERS = new Set(['de', 'du', 'des', 'la', 'le', 'van', 'von', 'der', 'den', 'di', 'da', 'et', 'and']);
const CLAUSE = /[,;:()\n]|\s[-–—]\s|\.\s/g;
const capital = (s: string) => /^\p{Lu}/u.test(s) || /\d/.test(s);

function clauses(text: string): number[] {
  const cuts: number[] = [];
  for (const m of text.matchAll(CLAUSE)) cuts.push(m.index ?? 0);
  return cuts;
}

/** A word that is part of the command rather than a name: an action, a noun, a label, a filler. */
function commandish(t: Word, first: boolean): boolean {
  if (isFiller(t.word) || QUESTION.has(t.word)) return true;
  // A capitalised word inside a sentence is a name even if it looks like a verb ("Martin Appel").
  if (!first && capital(t.raw) && !t.entity) return false;
  return t.actions.length > 0 || t.entity !== null || t.label !== null || EXTRA_WORDS.has(t.word);
}

export function readMessage(text: string, today: string): Reading {
  const rec = recognise(text, today);
  const cuts = clauses(rec.rest);
  const clauseOf = (i: number) => cuts.filter((c) => c < i).length;
  const words: Word[] = tokenize(rec.rest).map((t, i) => {
    const typo = i === 0 || t.raw === t.raw.toLowerCase();
    const actions = actionsOf(t.word);
    return {
      ...t,
      actions: typo || actions.length ? actions : [],
      entity: entityOf(t.word),
      label: labelOf(t.word),
      clause: clauseOf(t.start),
    };
  });
  const runs: Run[] = [];
  let cur: Word[] = [];
  const flush = () => {
    // Joiners at the edges belong to the sentence, not to the name.
    while (cur.length && JOINERS.has(cur.at(-1)!.word)) cur.pop();
    if (cur.length) {
      const first = cur[0]!;
      const last = cur.at(-1)!;
      const idx = words.indexOf(first);
      const before = words
        .slice(0, idx)
        .filter((x) => x.clause === first.clause)
        .map((x) => x.word);
      runs.push({
        text: text.slice(first.start, last.end),
        start: first.start,
        end: last.end,
        before,
        clause: first.clause,
        capitalised: cur.every((x) => capital(x.raw) || JOINERS.has(x.word)),
      });
    }
    cur = [];
  };
  words.forEach((t, i) => {
    const prev = words[i - 1];
    const gap = prev ? rec.rest.slice(prev.end, t.start) : '';
    const joined = /^[\s&'.-]*$/.test(gap) && (!prev || prev.clause === t.clause);
    // "D'Arcy", "L'Atelier Bleu", "O'Brien": a capital letter glued to the next word by an apostrophe.
    const elided = /^\p{Lu}$/u.test(t.raw) && rec.rest[t.end] === "'" && capital(words[i + 1]?.raw ?? '');
    // "Anne de la Tour": particles join the capitalised word that follows them.
    let next = i + 1;
    while (JOINERS.has(words[next]?.word ?? '') && next < i + 3) next++;
    // Only between capitalised words: "gérante du Café des Arts" is a role, then a name.
    const lastWord = [...cur].reverse().find((x) => !JOINERS.has(x.word));
    const isJoiner =
      elided ||
      (JOINERS.has(t.word) &&
        joined &&
        cur.length > 0 &&
        capital(lastWord?.raw ?? '') &&
        capital(words[next]?.raw ?? ''));
    if (cur.length && !joined) flush();
    if (isJoiner || !commandish(t, i === 0)) cur.push(t);
    else flush();
  });
  flush();
  for (const s of rec.slots)
    if (s.type === 'quoted') {
      const before = tokenize(text.slice(0, s.start)).map((x) => x.word);
      runs.push({
        text: String(s.value),
        start: s.start,
        end: s.end,
        before,
        clause: clauseOf(s.start),
        capitalised: true,
      });
    }
  runs.sort((a, b) => a.start - b.start);
  return {
    text,
    rec,
    words,
    runs,
    question: /\?\s*$/.test(text) || QUESTION.has(words[0]?.word ?? ''),
  };
}

/** The nearest meaningful word before a run (articles skipped). */
export function markerOf(run: Run): string | undefined {
  const skip = new Set([
    'le',
    'la',
    'les',
    'l',
    'un',
    'une',
    'the',
    'a',
    'an',
    'this',
    'ce',
    'cette',
    'son',
    'sa',
  ]);
  for (let i = run.before.length - 1; i >= 0; i--) if (!skip.has(run.before[i]!)) return run.before[i];
  return undefined;
}

export const foldedRun = (r: Run) => fold(r.text);
