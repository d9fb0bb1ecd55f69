import { company, emailAttempt, jobTitle, phoneAttempt, stripContacts } from '../extract.ts';
import { cleanName, isName, splitName } from '../names.ts';
import type { IntentMatch } from '../types.ts';

const ENTITY = '(?:contacts?|interlocut(?:eur|rice)s?)';
const VERB =
  '(?:cr[ée]{1,2}[ersz]{0,2}|ajoute[rz]?|enregistre[rz]?|rajoute[rz]?|nouveau|nouvelle|create|add|new|register|save|record)';
// "crée un contact Marie Dupont", "nouveau contact X", "create a contact for X", "contact : X".
const CREATE = new RegExp(
  `(?<![\\p{L}])${VERB}\\s+(?:(?:un|une|le|la|a|an|the|ce|this)\\s+)?(?:(?:nouveau|nouvelle|new)\\s+)?${ENTITY}(?![\\p{L}@])\\s*(?:(?:pour|for|:|-|nomm[ée]e?|named|called|appel[ée]e?|qui s'appelle)\\s*)?([^,;]*)`,
  'iu',
);
const BARE = new RegExp(`^(?:(?:nouveau|nouvelle|new)\\s+)?${ENTITY}\\s*[:-]\\s*([^,;]*)`, 'iu');
// "ajoute Marie Dupont comme contact chez Acme", "add Mary Smith as a contact at Acme".
const AS_CONTACT = new RegExp(
  `(?<![\\p{L}])(?:ajoute[rz]?|enregistre[rz]?|add|save)\\s+([^,;]{1,80}?)\\s+(?:comme|as|en tant que)\\s+(?:(?:un|une|a|an|new|nouveau)\\s+)?${ENTITY}(?![\\p{L}])`,
  'iu',
);
// "… du compte Boulangerie Dupont", "for account Acme": the account, besides "chez", "société", "at".
const ACCOUNT =
  /(?<![\p{L}])(?:(?:du|au|pour le) compte|(?:for|of|at) account|account)\s+([^,;]{1,80}?)(?=\s*(?:[,;]|$))/iu;
const MENTIONS = new RegExp(`(?<![\\p{L}])${ENTITY}(?![\\p{L}@])`, 'iu');
const NAME_TAIL = /\s+(?:et|and|avec|with|qui|who|dont|whose)(?![\p{L}]).*$/iu;

/** "crée un contact Marie Dupont chez Boulangerie Dupont, email …", "new contact Mary Smith at Acme". */
export function parseContactCreate(text: string): IntentMatch | null {
  // Cheap test first: the extraction below scans the whole text, and most messages are not this.
  if (!MENTIONS.test(text)) return null;
  const mail = emailAttempt(text);
  const phone = phoneAttempt(text);
  let rest = stripContacts(text);
  const account = ACCOUNT.exec(rest);
  if (account) rest = rest.replace(account[0], ' ');
  const comp = account ? null : company(rest);
  if (comp) rest = rest.replace(comp.phrase, ' ');
  const title = jobTitle(rest);
  if (title) rest = rest.replace(title.phrase, ' ');
  rest = rest.replace(/\s{2,}/g, ' ');
  const m = CREATE.exec(rest) ?? BARE.exec(rest) ?? AS_CONTACT.exec(rest);
  if (!m) return null;
  const name = cleanName((m[1] ?? '').replace(NAME_TAIL, ''));
  const split = name && isName(name) ? splitName(name) : null;
  if (!split) return null;
  const accountName = account?.[1]?.trim() ?? comp?.value;
  return {
    call: {
      name: 'create_contact',
      args: {
        ...(split.firstName ? { firstName: split.firstName } : {}),
        lastName: split.lastName,
        ...(mail ? { emailAddress: mail } : {}),
        ...(phone ? { phoneNumber: phone } : {}),
        ...(accountName ? { accountName } : {}),
        ...(title ? { title: title.value } : {}),
      },
    },
  };
}
