import { cleanName } from '../names.ts';
import type { IntentMatch } from '../types.ts';
import { findAmount, findCloseDate, OPPORTUNITY_WORDS, stageOf } from './opportunity-words.ts';

const VERB =
  '(?:cr[ée]{1,2}[ersz]{0,2}|ajoute[rz]?|enregistre[rz]?|ouvre[rz]?|nouveau|nouvelle|create|add|new|open|log)';
const HEAD = new RegExp(
  `^(?:${VERB}\\s+(?:(?:une|un|l'|la|le|a|an|the)\\s*)?(?:(?:nouvelle|nouveau|new)\\s+)?|(?:nouvelle|nouveau|new)\\s+)${OPPORTUNITY_WORDS}(?![\\p{L}@])\\s*(?:[:-]\\s*)?`,
  'iu',
);
const BARE = new RegExp(`^${OPPORTUNITY_WORDS}\\s*[:-]\\s*`, 'iu');

// Who the deal is with: "pour Boulangerie Dupont", "for Acme", "avec Marie Dupont", "chez X".
const PARTY = /(?:^|\s)(?:pour|for|avec|with|chez|at|aupr[eè]s de|client|compte|account)\s+(.+)$/iu;
const CONTACT = /(?<![\p{L}])(?:contact|interlocut(?:eur|rice))\s*:?\s+([^,;]{2,80})/iu;
const STAGE = /(?<![\p{L}])(?:[ée]tape|stage|statut|status|phase|stade)\s*:?\s*([^,;]{2,40})/iu;
const AMOUNT_LEAD = /\s*(?:d'un montant de|d'une valeur de|de|of|for|worth|à|at|:)\s*$/iu;

/**
 * "crée une opportunité Site web pour Boulangerie Dupont, 5000 €, clôture le 15 décembre",
 * "nouvelle affaire pour Acme de 12 000 €", "create an opportunity Website for Acme Corp, $5,000".
 * Without an amount the call is still made: the tool's reply asks for it.
 */
export function parseOpportunityCreate(text: string, today: string): IntentMatch | null {
  const head = HEAD.exec(text) ?? BARE.exec(text);
  if (!head) return null;
  let body = text.slice(head[0].length);
  const amount = findAmount(body);
  if (amount) {
    const at = body.indexOf(amount.phrase);
    body = `${body.slice(0, at).replace(AMOUNT_LEAD, '')} ${body.slice(at + amount.phrase.length)}`;
  }
  const close = findCloseDate(body, today);
  if (close) body = body.replace(close.phrase, ' ');
  const contact = CONTACT.exec(body);
  if (contact) body = body.replace(contact[0], ' ');
  const stageWords = STAGE.exec(body);
  if (stageWords) body = body.replace(stageWords[0], ' ');
  // What is left: "<name> pour <account>", clause by clause; leftovers that are not a name are dropped.
  const clauses = body
    .split(/[,;]/)
    .map((c) => cleanName(c))
    .filter(Boolean);
  let name: string | undefined;
  let account: string | undefined;
  for (const clause of clauses) {
    const party = PARTY.exec(clause);
    const before = cleanName(party ? clause.slice(0, party.index) : clause);
    if (party && !account) account = cleanName(party[1]!);
    if (before && !name && before.length <= 100) name = before;
  }
  if (!name && !account && !contact) return null;
  const stage = stageWords ? (stageOf(stageWords[1]!) ?? cleanName(stageWords[1]!)) : undefined;
  return {
    call: {
      name: 'create_opportunity',
      args: {
        ...(name ? { name } : {}),
        ...(amount ? { amount: amount.amount } : {}),
        ...(amount?.currency ? { currency: amount.currency } : {}),
        ...(stage ? { stage } : {}),
        ...(close ? { closeDate: close.date } : {}),
        ...(account ? { account } : {}),
        ...(contact ? { contact: cleanName(contact[1]!) } : {}),
      },
    },
  };
}
