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
import { isDestructive, normalize } from './normalize.ts';
import { readShape } from './shapes.ts';
import type { ParseOptions, ParseResult, ToolCallRequest } from './types.ts';
import { coverage } from './understand/coverage.ts';
import { fold, wordSet } from './understand/fold.ts';
import { readFrame } from './understand/frame.ts';
import { smallTalk } from './understand/small-talk.ts';

// New records only: proposing one can never touch a record the user did not name.
const PROPOSABLE = new Set(['create_lead', 'create_contact', 'create_account', 'create_opportunity']);

const ATTACHED = /\n\((?:fichier joint|attached file): [^\n]{0,300}\)\s*$/u;

const isRead = (call: ToolCallRequest) => findTool(call.name)?.writes === false;

export function parseCommand(input: string, opts: ParseOptions): ParseResult {
  const language = detectLanguage(input, opts.locale);
  const talk = smallTalk(input);
  if (talk) return { kind: 'smalltalk', act: talk, language };
  // A picture's caption comes with a mention of the file (pipeline/media.ts): not part of the command.
  const text = normalize(input.replace(ATTACHED, ''));
  if (!text) return { kind: 'unknown', language };
  const shape = readShape(text, opts.today);
  if (shape?.destructive) return { kind: 'unknown', language };
  const frame = readFrame(text, opts.today);
  const slots = frame.reading.rec.slots;
  if (shape) {
    const cov = coverage(shape.call, text, slots);
    if (cov.complete) return { kind: 'calls', calls: [unquoted(shape.call)], language };
  }
  // The words hold a deletion, a merge or a schema change: a list of duplicates is all that may come of it.
  const destructive = isDestructive(text);
  const call = frame.call && (!destructive || frame.call.name === 'find_duplicates') ? frame.call : null;
  const cov = call ? coverage(call, text, slots) : null;
  if (call && cov?.complete) return { kind: 'calls', calls: [call], language };
  // A question with one word more than its search (a name's middle word…) is still only a read.
  if (
    call &&
    isRead(call) &&
    cov &&
    cov.leftovers.length <= 1 &&
    (!destructive || call.name === 'find_duplicates')
  )
    return { kind: 'calls', calls: [call], language };
  const proposal = [call, shape?.call].find((c) => c && PROPOSABLE.has(c.name));
  if (proposal && !destructive) {
    const left = coverage(proposal, text, slots).leftovers;
    // A word left over that the call also carries (a lead named "come") is no name to propose.
    const own = wordSet(JSON.stringify(proposal.args));
    if (!left.some((x) => own.has(fold(x))))
      return { kind: 'ask', call: unquoted(proposal), leftovers: left, language };
  }
  const leftovers = call ? (cov?.leftovers ?? []) : shape ? coverage(shape.call, text, slots).leftovers : [];
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
