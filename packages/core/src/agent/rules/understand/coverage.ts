/**
 * The coverage check: a call is what the message says only when every word of the message is
 * accounted for, by the command's own words (its verbs, record nouns, field names), by the values
 * the call carries, or by a slot the call uses (a date for a due date, an amount for an amount).
 * A word left over means the call says less, or something else, than the message: no write.
 */
import type { ToolCallRequest } from '../types.ts';
import { fold, type Token, tokenize } from './fold.ts';
import { actionsOf, entityOf, isCommandWord, isFiller, LABELS, QUESTION } from './lexicon.ts';
import type { Slot } from './slots.ts';
import { TOOL_WORDS, type ToolWords } from './tool-words.ts';

// Arguments whose value is free text as the user wrote it (a note body): every word in it is theirs.
const FREE_TEXT = new Set(['text', 'description', 'subject', 'value', 'what', 'query']);
// Arguments that name someone or something: their words must look like a name, not like a command.
// A person's name: a command word typed in lower case is not one ("new leads come from …" is no lead "come").
const PERSON_KEYS = new Set(['firstName', 'lastName']);
const DATE_KEYS = /date|time|days|when|close|due|start|minutes/i;
// The custom entities' nouns ("la mission Dupontel"): the tools that take any record take them.
const CUSTOM_NOUNS = new Set(['mission', 'missions', 'diagnostic', 'diagnostics', 'diag', 'ia', 'ai', 'max']);
const AMOUNT_KEYS = /amount|budget|value|changes|custom/i;

interface Values {
  words: Set<string>;
  digits: Set<string>;
  /** Words that came from a name-like argument. */
  names: Set<string>;
  hasDate: boolean;
  hasAmount: boolean;
}

function collect(v: unknown, key: string, out: Values): void {
  if (v === null || v === undefined) return;
  if (typeof v === 'number' || typeof v === 'boolean') {
    out.words.add(String(v));
    if (typeof v === 'number' && AMOUNT_KEYS.test(key)) out.hasAmount = true;
    if (DATE_KEYS.test(key)) out.hasDate = true;
    return;
  }
  if (typeof v === 'string') {
    for (const t of tokenize(v)) {
      out.words.add(t.word);
      if (PERSON_KEYS.has(key)) out.names.add(t.word);
    }
    const digits = v.replace(/\D/g, '');
    if (digits.length >= 6) out.digits.add(digits.slice(-9));
    if (DATE_KEYS.test(key) && /\d/.test(v)) out.hasDate = true;
    return;
  }
  if (Array.isArray(v)) for (const x of v) collect(x, key, out);
  else if (typeof v === 'object')
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (DATE_KEYS.test(k)) out.hasDate = true;
      if (AMOUNT_KEYS.test(k) && typeof x === 'number') out.hasAmount = true;
      // A field named in a change ("le secteur du compte Acme est Retail") is the user's word too.
      if (key === 'changes' || key === 'custom') for (const t of tokenize(k)) out.words.add(t.word);
      collect(x, k, out);
    }
}

function slotAccounted(s: Slot, v: Values): boolean {
  switch (s.type) {
    case 'date':
    case 'time':
    case 'duration':
      return v.hasDate;
    case 'amount':
      return v.hasAmount || v.words.has(String(s.value));
    case 'phone':
      return v.digits.has(String(s.value).replace(/\D/g, '').slice(-9));
    default:
      return tokenize(String(s.value)).every((t) => v.words.has(t.word));
  }
}

function commandWord(word: string, tw: ToolWords): boolean {
  // Agreement and plurals: "gagnées" is "gagnée".
  if (tw.words?.includes(word) || tw.words?.includes(word.replace(/s$/, ''))) return true;
  if (tw.read && QUESTION.has(word)) return true;
  if (actionsOf(word).some((a) => tw.actions.includes(a))) return true;
  if (tw.nouns === 'any' && CUSTOM_NOUNS.has(word)) return true;
  const e = entityOf(word);
  if (e && (tw.nouns === 'any' || (Array.isArray(tw.nouns) && tw.nouns.includes(e)))) return true;
  return tw.labels.some((l) => LABELS[l]?.includes(word));
}

export interface Coverage {
  complete: boolean;
  /** The words nothing accounts for, as typed. */
  leftovers: string[];
}

const inSlot = (t: Token, slots: Slot[]) => slots.find((s) => t.start >= s.start && t.end <= s.end);

/** Checks a call against the message it was read from (the normalised text and its slots). */
export function coverage(call: ToolCallRequest, text: string, slots: Slot[]): Coverage {
  const tw = TOOL_WORDS[call.name];
  if (!tw) return { complete: true, leftovers: [] };
  const v: Values = {
    words: new Set(),
    digits: new Set(),
    names: new Set(),
    hasDate: false,
    hasAmount: false,
  };
  collect(call.args, '', v);
  const leftovers: string[] = [];
  const seen = new Set<Slot>();
  for (const t of tokenize(text)) {
    const slot = inSlot(t, slots);
    if (slot) {
      if (!seen.has(slot) && !slotAccounted(slot, v) && !tokenize(slot.raw).every((x) => v.words.has(x.word)))
        leftovers.push(slot.raw);
      seen.add(slot);
      continue;
    }
    if (v.words.has(t.word)) {
      // "new leads come from Web Site" read as a lead named "come": a command word in lower case
      // is not a name.
      if (v.names.has(t.word) && t.raw === t.raw.toLowerCase() && isCommandWord(t.word) && !isFiller(t.word))
        leftovers.push(t.raw);
      continue;
    }
    if (isFiller(t.word) || commandWord(t.word, tw)) continue;
    if (tw.numbers && /^\d+$/.test(t.word)) continue;
    leftovers.push(t.raw);
  }
  return { complete: leftovers.length === 0, leftovers: [...new Set(leftovers)] };
}

/** Free-text arguments hold the user's own words: used by callers that describe a call. */
export const isFreeText = (key: string) => FREE_TEXT.has(key);
export { fold };
