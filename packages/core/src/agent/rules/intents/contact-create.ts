import type { IntentMatch } from '../types.ts';
import { createShapes, parsePersonCreate } from './person-create.ts';

const ENTITY = '(?:contacts?|interlocut(?:eur|rice)s?)';
// "crée un contact Marie Dupont", "nouveau contact X", "create a contact for X", "contact : X",
// "ajoute Marie Dupont comme contact chez Acme" (an e-mail may follow the word: "contact marie@…").
const SHAPES = createShapes(ENTITY, '(?![\\p{L}@])');
// "… du compte Boulangerie Dupont", "for account Acme": the account, besides "chez", "société", "at".
const ACCOUNT =
  /(?<![\p{L}])(?:(?:du|au|pour le) compte|(?:for|of|at) account|account)\s+([^,;]{1,80}?)(?=\s*(?:[,;]|$))/iu;
const MENTIONS = new RegExp(`(?<![\\p{L}])${ENTITY}(?![\\p{L}@])`, 'iu');

/** "crée un contact Marie Dupont chez Boulangerie Dupont, email …", "new contact Mary Smith at Acme". */
export function parseContactCreate(text: string): IntentMatch | null {
  // Cheap test first: the extraction below scans the whole text, and most messages are not this.
  if (!MENTIONS.test(text)) return null;
  return parsePersonCreate(text, 'create_contact', SHAPES, ACCOUNT);
}
