import { cleanName } from '../names.ts';
import type { IntentMatch } from '../types.ts';
import { findPattern, OF_ACCOUNT } from './contact-find.ts';
import { stageOf } from './opportunity-words.ts';

const OPEN_WORDS = '(?:ouvertes?|en cours|actives?|open|active|ongoing|current)';
const OPPORTUNITIES = findPattern(
  `(?:(?:${OPEN_WORDS}|won|lost|gagn[ée]es?|perdues?)\\s+)?(?:opportunit(?:[ée]s?|y|ies)|affaires?|deals?|pipeline)`,
);
const OPEN_BEFORE = new RegExp(`^${OPEN_WORDS}\\s`, 'iu');
const OPEN_AFTER = new RegExp(`^${OPEN_WORDS}(?:\\s+|$)`, 'iu');
const STAGE_BEFORE = /^(won|lost|gagn[ée]es?|perdues?)\s/iu;
const NAMED = /^(?:nomm[ée]e?s?|named|called|appel[ée]e?s?)\s+(.+)$/iu;
const STAGED = /^(?:(?:en|au stade|à l'[ée]tape|at stage|in stage|in|with stage|stage|[ée]tape)\s+)?(.+)$/iu;

/** "opportunités de Boulangerie Dupont", "mes affaires en cours", "open deals for Acme", "deals in proposal". */
export function parseOpportunityFind(text: string): IntentMatch | null {
  const m = OPPORTUNITIES.exec(text);
  if (!m) return null;
  const word = m[2]!;
  let rest = cleanName((m[3] ?? '').replace(/[?!]+/g, ' '));
  if (!m[1] && !/s$|pipeline$/i.test(word)) return null;
  const args: Record<string, unknown> = {};
  if (OPEN_BEFORE.test(word) || /pipeline$/i.test(word)) args.open = true;
  const closed = STAGE_BEFORE.exec(word);
  if (closed) args.stage = stageOf(closed[1]!);
  const open = OPEN_AFTER.exec(rest);
  if (open) {
    args.open = true;
    rest = cleanName(rest.slice(open[0].length));
  }
  if (rest) {
    const staged = STAGED.exec(rest);
    const stage = staged ? stageOf(staged[1]!) : null;
    const of = OF_ACCOUNT.exec(rest);
    const named = NAMED.exec(rest);
    if (stage) args.stage = stage;
    else if (named) args.query = cleanName(named[1]!);
    else if (of) args.account = cleanName(of[1]!);
    else if (rest.length <= 100) args.query = rest;
    else return null;
  }
  return { call: { name: 'find_opportunities', args } };
}
