import { emails, phones } from '../extract.ts';
import { cleanName } from '../names.ts';
import type { IntentMatch } from '../types.ts';

const VERB =
  '(?:trouve[rz]?|cherche[rz]?|recherche[rz]?|montre[rz]?|affiche[rz]?|liste[rz]?|donne[rz]?)(?:-moi| moi)?|find(?: me)?|search(?: for)?|look up|look for|show(?: me)?|list|give me|qui sont|who are|quels sont';
const DET = "(?:les|le|la|l'|des|un|une|mes|nos|tous les|toutes les|the|all the|all|my|our|any)";
const RECENT = '(?:derni[eè]rs?|latest|last|recent|newest|most recent)';

/**
 * A search for records of one entity (`words`: its names, FR/EN), anchored: the message is the ask.
 * Groups: 1 the verb (if any), 2 the entity word as written, 3 the rest.
 */
export function findPattern(words: string): RegExp {
  return new RegExp(
    `^(?:(${VERB})\\s+)?(?:(?:moi|me)\\s+)?(?:${DET}\\s*)?(?:(?:\\d{1,3}\\s+)?${RECENT}\\s+)?(${words})(?![\\p{L}@])\\s*(.*)$`,
    'iu',
  );
}

/** "de Boulangerie Dupont", "chez Acme", "at Acme": whose records (an account). */
export const OF_ACCOUNT =
  /^(?:(?:de la soci[ée]t[ée]|de l'entreprise|du compte|de chez|chez|de|du|des|at|from|of|for|with|avec|pour|(?:of|for|at) account)\s+|d'\s*)(.+)$/iu;
/** "nommé Dupont", "named Smith", "appelé X": a name search. */
const NAMED = /^(?:nomm[ée]e?s?|named|called|appel[ée]e?s?|qui s'appellent?)\s+(.+)$/iu;

const CONTACTS = findPattern('(?:contacts?|interlocut(?:eur|rice)s?)');

/** "trouve le contact Dupont", "contacts de Boulangerie Dupont", "find contacts at Acme", "mes contacts". */
export function parseContactFind(text: string): IntentMatch | null {
  const m = CONTACTS.exec(text);
  if (!m) return null;
  const rest = cleanName((m[3] ?? '').replace(/[?!]+/g, ' '));
  if (!m[1] && !sureWithoutVerb(m[2]!, rest)) return null;
  const e = emails(rest)[0];
  if (e) return { call: { name: 'find_contacts', args: { query: e } } };
  const p = phones(rest)[0];
  if (p) return { call: { name: 'find_contacts', args: { query: p } } };
  if (!rest) return { call: { name: 'find_contacts', args: {} } };
  const named = NAMED.exec(rest);
  if (named) return { call: { name: 'find_contacts', args: { query: cleanName(named[1]!) } } };
  const of = OF_ACCOUNT.exec(rest);
  if (of) {
    const account = cleanName(of[1]!);
    return account.length >= 2 && account.length <= 100
      ? { call: { name: 'find_contacts', args: { account } } }
      : null;
  }
  if (rest.length < 2 || rest.length > 100) return null;
  return { call: { name: 'find_contacts', args: { query: rest } } };
}

/**
 * Without a verb, only a plural ("contacts de X", "mes contacts") or a clear filter after the word
 * ("contact marie@x.fr") is a search: "contact pris avec Dupont, rappeler lundi" is not.
 */
export function sureWithoutVerb(word: string, rest: string): boolean {
  if (/s$/i.test(word))
    return !rest || OF_ACCOUNT.test(rest) || NAMED.test(rest) || /^[\p{L}' -]{2,60}$/u.test(rest);
  return emails(rest).length > 0 || phones(rest).length > 0;
}
