/**
 * The rules engine's reading of a message, in three steps:
 *   1. small talk ("bonjour MAX", "merci") is answered as such;
 *   2. the slots (quoted names, e-mails, phones, amounts, dates) are recognised on their own, then a
 *      shape written for one way of saying a command reads it, else the frame reader builds the call
 *      from the action words, record nouns and names in whatever order they come;
 *   3. the coverage check: a call is made only when every word of the message is accounted for.
 * A new record whose command was only half understood is proposed (one question, "oui" creates
 * it); anything else half understood is never written: the reply says what was understood.
 */
import { findTool } from '../tools/registry.ts';
import { detectLanguage } from './language.ts';
import { isName } from './names.ts';
import { isDestructive, normalize } from './normalize.ts';
import { readShape } from './shapes.ts';
import type { ParseOptions, ParseResult, ToolCallRequest } from './types.ts';
import { coverage, unknownWords } from './understand/coverage.ts';
import { fold, tokenize, wordSet } from './understand/fold.ts';
import { readFrame } from './understand/frame.ts';
import { typoFix } from './understand/lexicon.ts';
import { isRemark, lastClauseCut, saysPronoun } from './understand/remarks.ts';
import { smallTalk } from './understand/small-talk.ts';

// New records only: proposing one can never touch a record the user did not name.
const PROPOSABLE = new Set(['create_lead', 'create_contact', 'create_account', 'create_opportunity']);

const ATTACHED = /\n\((?:fichier joint|attached file): [^\n]{0,300}\)\s*$/u;

const REQUEST =
  /(?<![\p{L}])(?:peux-tu|pouvez-vous|tu peux|vous pouvez|pourrais-tu|pourriez-vous|tu pourrais|can you|could you|would you|will you)(?![\p{L}])/iu;
const QUESTION_MARK = /\?\s*$/;
// Questions that do not end with "?" on a phone: "is John lost", "est-ce que Dupont est perdu".
const ASKS =
  /^(?:is|are|was|were|does|do|did|has|have|est-ce|est-il|est-elle|qui|who|what|quel|quelle|comment|how|why|pourquoi)(?![\p{L}])/iu;
// "ne crée pas", "n'ajoute jamais", "pas besoin de", "don't", "do not", "never" — but "n'oublie pas
// de …" and "don't forget to …" ask for a reminder.
const NEGATION =
  /(?<![\p{L}])(?:(?:ne|n')\s*(?!oublie)\p{L}+(?:-\p{L}+)?\s+(?:pas|jamais|plus|rien)|pas\s+besoin|surtout\s+pas|don'?t(?!\s+forget)|do\s+not(?!\s+forget)|never|no\s+need)(?![\p{L}])/iu;
const negated = (text: string) => NEGATION.test(text);
// Commands whose meaning is a refusal ("Dupont ne veut plus de messages WhatsApp"): their shape reads it.
const SAYS_NO = new Set(['set_whatsapp_consent']);

// Commands on a record that may be asked when a remark follows them.
const REMARKABLE = new Set([
  'change_status',
  'update_lead',
  'update_contact',
  'update_account',
  'update_opportunity',
  'log_call',
  'schedule_meeting',
  'add_note',
]);

/** The call names its record in the sentence (not "the one we were talking about"). */
const namesItsRecord = (c: ToolCallRequest) => {
  const t = c.args.target;
  return typeof t === 'string' ? t.length > 0 : Boolean(t && typeof t === 'object' && Object.keys(t).length);
};

/** The first clause read alone, when it is a whole command on a named record and a remark follows. */
function commandThenRemark(
  text: string,
  opts: ParseOptions,
): { call: ToolCallRequest; leftovers: string[]; remark: string } | null {
  const cut = text.search(/[,;.!]\s/);
  if (cut < 8 || text.length > 300) return null;
  const head = parseCommand(text.slice(0, cut), opts);
  const call = head.kind === 'calls' ? head.calls[0] : undefined;
  if (!call || !REMARKABLE.has(call.name) || !namesItsRecord(call)) return null;
  const remark = text.slice(cut + 1).trim();
  return { call, leftovers: unknownWords(remark), remark };
}

// What a call or a note says, when the command did not say it: the remark is its text.
const SAYS: Record<string, string> = { log_call: 'description', add_note: 'text' };

function withRemark(call: ToolCallRequest, remark: string): ToolCallRequest {
  const key = SAYS[call.name];
  if (!key || call.args[key]) return call;
  return { name: call.name, args: { ...call.args, [key]: remark.replace(/[.!]+$/, '') } };
}

// Commands that may point at their record with a pronoun.
const POINTABLE = new Set([...REMARKABLE, 'convert_lead', 'create_task']);

/** A remark naming one person, then a command on "her", "la", "le lead": that person. */
function remarkThenCommand(text: string, opts: ParseOptions): ToolCallRequest | null {
  const cut = lastClauseCut(text);
  if (cut < 4 || text.length > 300) return null;
  const tail = text.slice(cut + 1).trim();
  if (!saysPronoun(tail)) return null;
  const r = parseCommand(tail, opts);
  const call = r.kind === 'calls' && r.calls.length === 1 ? r.calls[0]! : null;
  if (!call || !POINTABLE.has(call.name) || namesItsRecord(call)) return null;
  const head = text.slice(0, cut);
  const names = readFrame(head, opts.today).reading.runs.filter((x) => x.capitalised);
  const who = names[0];
  if (names.length !== 1 || !who || !isName(who.text)) return null;
  if (!isRemark(head, wordSet(who.text))) return null;
  // As the tool names its records: { name } for most, the name itself for the others.
  const byName = { name: call.name, args: { ...call.args, target: { name: who.text } } };
  return findTool(call.name)?.parameters.safeParse(byName.args).success
    ? byName
    : { name: call.name, args: { ...call.args, target: who.text } };
}

const isRead = (call: ToolCallRequest) => findTool(call.name)?.writes === false;

export function parseCommand(input: string, opts: ParseOptions): ParseResult {
  const language = detectLanguage(input, opts.locale);
  const talk = smallTalk(input);
  if (talk) return { kind: 'smalltalk', act: talk, language };
  // A picture's caption comes with a mention of the file (pipeline/media.ts): not part of the command.
  const text = normalize(input.replace(ATTACHED, ''));
  if (!text) return { kind: 'unknown', language };
  const fixed = withoutTypos(text);
  const shape = readShape(text, opts.today) ?? (fixed !== text ? readShape(fixed, opts.today) : null);
  if (shape?.destructive) return { kind: 'unknown', language };
  const frame = readFrame(text, opts.today);
  const slots = frame.reading.rec.slots;
  // Each reading is checked once, however many times the steps below ask.
  const checked = new Map<ToolCallRequest, ReturnType<typeof coverage>>();
  const cover = (c: ToolCallRequest) => {
    const known = checked.get(c);
    if (known) return known;
    const r = coverage(c, text, slots);
    checked.set(c, r);
    return r;
  };
  // A question ("is John lost?") or a negation ("ne passe pas Dupont en perdu") never writes by
  // itself: a new record may still be proposed, nothing else.
  // "peux-tu créer … ?" is a request: its question mark asks nothing.
  const requested = REQUEST.test(input);
  const asked = (call: ToolCallRequest, commandPart: string) =>
    !isRead(call) &&
    ((QUESTION_MARK.test(commandPart) && !requested) ||
      ASKS.test(commandPart) ||
      (negated(commandPart) && !SAYS_NO.has(call.name)));
  if (shape) {
    const cov = cover(shape.call);
    if (cov.complete && !asked(shape.call, text.slice(0, shape.bodyStart ?? text.length)))
      return { kind: 'calls', calls: [unquoted(shape.call)], language };
  }
  // The words hold a deletion, a merge or a schema change: a list of duplicates is all that may come of it.
  const destructive = isDestructive(text);
  const call = frame.call && (!destructive || frame.call.name === 'find_duplicates') ? frame.call : null;
  const cov = call ? cover(call) : null;
  if (call && cov?.complete && !asked(call, text) && !frame.card)
    return { kind: 'calls', calls: [call], language };
  // A question with one word more than its search (a name's middle word…) is still only a read.
  if (
    call &&
    isRead(call) &&
    cov &&
    cov.leftovers.length <= 1 &&
    (!destructive || call.name === 'find_duplicates')
  )
    return { kind: 'calls', calls: [call], language };
  // A command said whole, then a remark ("mark Tom Baker as lost, they went with another agency"):
  // the command is asked, never run on a guess.
  const remarked = commandThenRemark(text, opts);
  const plain = !destructive && !negated(text) && !QUESTION_MARK.test(text) && !ASKS.test(text);
  if (remarked && plain) {
    // Plain commentary after it cannot change what the command means: a call's or note's own words.
    if (isRemark(remarked.remark))
      return { kind: 'calls', calls: [withRemark(remarked.call, remarked.remark)], language };
    return { kind: 'ask', call: remarked.call, leftovers: remarked.leftovers, language };
  }
  // "Julie Moreau est intéressée, mets-la en cours": the pronoun is the one name said before it.
  const pointed = plain ? remarkThenCommand(text, opts) : null;
  if (pointed) return { kind: 'calls', calls: [pointed], language };
  const proposal = [call, shape?.call].find((c) => c && PROPOSABLE.has(c.name));
  if (proposal && !destructive && !negated(text)) {
    const left = cover(proposal).leftovers;
    // A word left over that the call also carries (a lead named "come") is no name to propose.
    const own = wordSet(JSON.stringify(proposal.args));
    if (!left.some((x) => own.has(fold(x))))
      return { kind: 'ask', call: unquoted(proposal), leftovers: left, language };
  }
  const leftovers = call ? (cov?.leftovers ?? []) : shape ? cover(shape.call).leftovers : unknownWords(text);
  return {
    kind: 'unknown',
    language,
    understood: {
      actions: frame.actions,
      ...((call ?? shape?.call) ? { tool: (call ?? shape!.call).name } : {}),
    },
    leftovers,
  };
}

// Quotes around a name are not part of it: « Kitchen refit », 'Kitchen refit', “Kitchen refit”.
const QUOTED = /^\s*(?:«\s*(.+?)\s*»|“(.+)”|"(.+)"|'(.+)'|‘(.+)’)\s*$/su;

function unquoted(call: ToolCallRequest): ToolCallRequest {
  const strip = (v: unknown): unknown => {
    if (typeof v === 'string') {
      const m = QUOTED.exec(v);
      return m ? (m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5] ?? v).trim() : v;
    }
    if (Array.isArray(v)) return v.map(strip);
    if (v && typeof v === 'object')
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, strip(x)]));
    return v;
  };
  return { name: call.name, args: strip(call.args) as Record<string, unknown> };
}

/**
 * The text with each command word typed with one wrong letter put right ("plainfie une réunion" →
 * "planifie une réunion"), so the written shapes read it too. Capitalised words are names: left alone.
 */
function withoutTypos(text: string): string {
  if (text.length > 300) return text;
  let out = text;
  for (const t of tokenize(text).reverse()) {
    if (t.raw !== t.raw.toLowerCase() && t.start > 0) continue;
    const fixed = typoFix(t.word);
    if (fixed) out = out.slice(0, t.start) + fixed + out.slice(t.end);
  }
  return out;
}
