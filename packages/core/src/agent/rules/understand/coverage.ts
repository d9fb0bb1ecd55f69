/**
 * The coverage check: a call is what the message says only when every word of the message is
 * accounted for, by the command's own words (its verbs, record nouns, field names), by the values
 * the call carries, or by a slot the call uses (a date for a due date, an amount for an amount).
 * A word left over means the call says less, or something else, than the message: no write.
 */
import type { ToolCallRequest } from '../types.ts';
import { fold, type Token, tokenize } from './fold.ts';
import { actionsOf, entityOf, isCommandWord, isFiller, LABELS, QUESTION, typoFix } from './lexicon.ts';
import type { Slot } from './slots.ts';
import { TOOL_WORDS, type ToolWords } from './tool-words.ts';

// Arguments whose value is free text as the user wrote it (a note body): every word in it is theirs.
const FREE_TEXT = new Set(['text', 'description', 'subject', 'value', 'what', 'query']);
// Arguments that name someone or something: their words must look like a name, not like a command.
// A person's name: a command word typed in lower case is not one ("new leads come from …" is no lead "come").
const PERSON_KEYS = new Set(['firstName', 'lastName']);
// Values that name a record, a field or a search: they must not swallow the command's own words
// ("Marc Dubois au", a field "a jour l'email", a search for "my tasks for tomorrow").
const NAMED_KEYS = new Set(['name', 'target', 'record', 'to', 'account', 'accountName', 'query', 'field']);
// Tools whose `name` is free text (a task's, a meeting's), not a record's name.
const FREE_NAMES = new Set(['create_task', 'complete_task', 'schedule_meeting']);
const DATE_KEYS = /date|time|days|when|close|due|start|minutes/i;
// The custom entities' nouns ("la mission Dupontel"): the tools that take any record take them.
const CUSTOM_NOUNS = new Set(['mission', 'missions', 'diagnostic', 'diagnostics', 'diag', 'ia', 'ai', 'max']);
const AMOUNT_KEYS = /amount|budget|value|changes|custom/i;

interface Values {
  words: Set<string>;
  digits: Set<string>;
  /** Words that came from a name-like argument. */
  names: Set<string>;
  /** E-mails and web addresses, whole. */
  whole: Set<string>;
  /** Values that name a record or say a field (checked for words that belong to the command). */
  named: Array<{ value: string; edges: boolean; query: boolean; deep: boolean }>;
  hasDate: boolean;
  hasTime: boolean;
  hasMinutes: boolean;
  hasAmount: boolean;
}

function collect(v: unknown, key: string, out: Values): void {
  if (v === null || v === undefined) return;
  if (typeof v === 'number' || typeof v === 'boolean') {
    out.words.add(String(v));
    if (typeof v === 'number' && AMOUNT_KEYS.test(key)) out.hasAmount = true;
    if (typeof v === 'number' && /minutes|duration/i.test(key)) out.hasMinutes = true;
    if (DATE_KEYS.test(key)) out.hasDate = true;
    return;
  }
  if (typeof v === 'string') {
    // An e-mail or a web address accounts for itself, not for words that happen to be in it
    // ("karim@benali-conseil.fr" does not say the company "Benali Conseil").
    const one = v.trim();
    if (!/\s/.test(one) && /@|^(?:https?:\/\/)?[\w-]+(?:\.[\w-]+)+(?:\/\S*)?$/.test(one))
      out.whole.add(fold(one));
    else {
      for (const t of tokenize(v)) {
        out.words.add(t.word);
        if (PERSON_KEYS.has(key)) out.names.add(t.word);
      }
      // A new record's own name may hold any word ("booking site"); a name that points at a record may not.
      if (NAMED_KEYS.has(key))
        out.named.push({ value: v, edges: true, query: key === 'query', deep: key !== 'name' });
    }
    const digits = v.replace(/\D/g, '');
    if (digits.length >= 6) out.digits.add(digits.slice(-9));
    if (DATE_KEYS.test(key) && /\d/.test(v)) out.hasDate = true;
    if (/time/i.test(key) && /\d/.test(v)) out.hasTime = true;
    return;
  }
  if (Array.isArray(v)) for (const x of v) collect(x, key, out);
  else if (typeof v === 'object')
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (DATE_KEYS.test(k)) out.hasDate = true;
      if (AMOUNT_KEYS.test(k) && typeof x === 'number') out.hasAmount = true;
      // A field named in a change ("le secteur du compte Acme est Retail") is the user's word too.
      if (key === 'changes' || key === 'custom') {
        for (const t of tokenize(k)) out.words.add(t.word);
        out.named.push({ value: k, edges: false, query: false, deep: true });
      }
      collect(x, key === 'target' ? 'target' : k, out);
    }
}

function slotAccounted(s: Slot, v: Values): boolean {
  switch (s.type) {
    case 'date':
      return v.hasDate;
    // A time or a length said must be in the call, not only its day ("jeudi à 11h" is not "jeudi").
    case 'time':
      return v.hasTime;
    case 'duration':
      return v.hasMinutes;
    case 'amount':
      return v.hasAmount || v.words.has(String(s.value));
    case 'phone':
      return v.digits.has(String(s.value).replace(/\D/g, '').slice(-9));
    default:
      return (
        v.whole.has(fold(String(s.value))) || tokenize(String(s.value)).every((t) => v.words.has(t.word))
      );
  }
}

function commandWord(word: string, tw: ToolWords): boolean {
  // Agreement and plurals: "gagnées" is "gagnée".
  if (tw.words?.includes(word) || tw.words?.includes(word.replace(/s$/, ''))) return true;
  const fixed = typoFix(word);
  if (fixed && tw.words?.includes(fixed)) return true;
  if (tw.read && QUESTION.has(word)) return true;
  if (actionsOf(word).some((a) => tw.actions.includes(a))) return true;
  if (tw.nouns === 'any' && !tw.leadOnly && CUSTOM_NOUNS.has(word)) return true;
  const e = entityOf(word);
  if (e && (tw.nouns === 'any' || (Array.isArray(tw.nouns) && tw.nouns.includes(e)))) return true;
  return tw.labels.some((l) => LABELS[l]?.includes(word));
}

export interface Coverage {
  complete: boolean;
  /** The words nothing accounts for, as typed. */
  leftovers: string[];
}

const flat = (v: unknown): string =>
  v && typeof v === 'object' ? Object.values(v).map(flat).join(' ') : v === undefined ? '' : String(v);

const CONTACT_WORDS = new Set([...(LABELS.email ?? []), ...(LABELS.phone ?? [])].filter((x) => x.length > 1));

// Tools whose target is a person (a lead): its name is one person's name, not part of a sentence.
const PERSON_TARGETS = new Set(['change_status', 'update_lead', 'update_contact']);
const PARTICLES = new Set([
  'de',
  'du',
  'des',
  'la',
  'le',
  'van',
  'von',
  'der',
  'den',
  'di',
  'da',
  'st',
  'mc',
]);

/** "Dupont de déménagement": a capitalised name followed by lower-case words is a name plus a sentence. */
function notAPerson(target: unknown, text: string): string[] {
  const name = typeof target === 'string' ? target : (target as { name?: unknown } | undefined)?.name;
  if (typeof name !== 'string') return [];
  // Each word as it was typed (the name may have been pieced together around other words).
  const said = tokenize(text);
  const words = tokenize(name).map((t) => said.find((x) => x.word === t.word) ?? t);
  if (!words.some((t) => /^\p{Lu}/u.test(t.raw))) return [];
  return words
    .filter((t) => /^\p{Ll}/u.test(t.raw) && !PARTICLES.has(t.word) && t.raw.length > 1)
    .map((t) => t.raw);
}

const inSlot = (t: Token, slots: Slot[]) => slots.find((s) => t.start >= s.start && t.end <= s.end);

/** Checks a call against the message it was read from (the normalised text and its slots). */
export function coverage(call: ToolCallRequest, text: string, given: Slot[]): Coverage {
  let slots = given;
  const tw = TOOL_WORDS[call.name];
  if (!tw) return { complete: true, leftovers: [] };
  const v: Values = {
    words: new Set(),
    digits: new Set(),
    names: new Set(),
    whole: new Set(),
    named: [],
    hasDate: false,
    hasTime: false,
    hasMinutes: false,
    hasAmount: false,
  };
  // A task's name, a meeting's subject, the task a "done" is about: the user's own words.
  const { name, target, ...rest } = call.args;
  const free = FREE_NAMES.has(call.name);
  collect(
    free
      ? {
          ...rest,
          text: name,
          ...(call.name === 'complete_task' ? { description: flat(target) } : { target }),
        }
      : call.args,
    '',
    v,
  );
  // An e-mail or address said as typed (valid or not) accounts for the words it is made of.
  const spans = [...v.whole].flatMap((w) => {
    const at = fold(text).indexOf(w);
    return at >= 0 ? [{ type: 'email' as const, start: at, end: at + w.length, raw: w, value: w }] : [];
  });
  slots = [...slots, ...spans];
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
    // "D'Arcy": the capital before an apostrophe is part of a name, not an elided article.
    const elided = /^\p{Lu}$/u.test(t.raw) && text[t.end] === "'";
    if ((isFiller(t.word) && !elided) || commandWord(t.word, tw)) continue;
    if (tw.numbers && /^\d+$/.test(t.word)) continue;
    leftovers.push(t.raw);
  }
  leftovers.push(...v.named.flatMap((n) => swallowed(n.value, text, n)));
  if (PERSON_TARGETS.has(call.name)) leftovers.push(...notAPerson(call.args.target, text));
  return { complete: leftovers.length === 0, leftovers: [...new Set(leftovers)] };
}

/**
 * The words of a name or a field that belong to the sentence rather than to the name: a lower-case
 * filler at its edge ("Marc Dubois au", "Dupont's"), or an action or record noun inside it ("a jour
 * l'email", "my tasks for tomorrow").
 */
function swallowed(
  value: string,
  text: string,
  { edges: edgesToo, query, deep }: { edges: boolean; query: boolean; deep: boolean },
): string[] {
  const tokens = tokenize(value);
  // Each word as typed where the value stands in the message (a quoted name is the user's own).
  const at = fold(text).indexOf(fold(value));
  // Not said as such (a field's own name, "status"), or quoted by the user: nothing to check.
  if (at < 0 || (at > 0 && /[«“"'‘]\s*$/.test(text.slice(0, at)))) return [];
  const here = tokenize(text.slice(at, at + value.length));
  const typed = (w: string) => here.find((t) => t.word === w)?.raw ?? w;
  const out: string[] = [];
  const edges = edgesToo ? [tokens[0], tokens.at(-1)].filter((t): t is Token => Boolean(t)) : [];
  for (const t of edges) {
    const raw = typed(t.word);
    if (isFiller(t.word) && raw === raw.toLowerCase() && !/^\d/.test(raw)) out.push(t.raw);
  }
  if (!deep) return out;
  for (const t of tokens)
    if (actionsOf(t.word).length && typed(t.word) === typed(t.word).toLowerCase()) out.push(t.raw);
  for (const t of tokens)
    if (entityOf(t.word) && (tokens.length > 1 || query) && typed(t.word) === t.word) out.push(t.raw);
  // "Nathalie Blanc au tel": a phone or e-mail word is never part of a name.
  for (const t of tokens) if (CONTACT_WORDS.has(t.word) && typed(t.word) === t.word) out.push(t.raw);
  return out;
}

/** Free-text arguments hold the user's own words: used by callers that describe a call. */
export const isFreeText = (key: string) => FREE_TEXT.has(key);
export { fold };

/** The words of a message no command accounts for (what the "not understood" reply names). */
export function unknownWords(text: string): string[] {
  const out = tokenize(text)
    .filter((t) => t.raw.length > 1 && !/^\d+$/.test(t.raw) && !isCommandWord(t.word))
    .map((t) => t.raw);
  return [...new Set(out)];
}
