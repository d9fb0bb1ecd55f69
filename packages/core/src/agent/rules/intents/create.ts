import { company, emailAttempt, jobTitle, phoneAttempt, stripContacts } from '../extract.ts';
import { cleanName, isName, splitName } from '../names.ts';
import type { IntentMatch } from '../types.ts';

const ENTITY = '(?:lead|prospect|contact|client|cliente)s?';
const VERB =
  '(?:cr[ée]{1,2}[ersz]{0,2}|ajoute[rz]?|enregistre[rz]?|rajoute[rz]?|nouveau|nouvelle|create|add|new|register|save|record)';
// "crée un lead pour X", "nouveau prospect X", "create a lead for X", "ajoute X comme lead", "lead: X".
const CREATE = new RegExp(
  `(?<![\\p{L}])${VERB}\\s+(?:(?:un|une|le|la|a|an|the|ce|this)\\s+)?(?:(?:nouveau|nouvelle|new)\\s+)?${ENTITY}(?![\\p{L}])\\s*(?:(?:pour|for|:|-|nomm[ée]e?|named|called|appel[ée]e?|qui s'appelle)\\s*)?([^,;]*)`,
  'iu',
);
const BARE = new RegExp(`^(?:(?:nouveau|nouvelle|new)\\s+)?${ENTITY}\\s*[:-]\\s*([^,;]*)`, 'iu');
const AS_LEAD = new RegExp(
  `(?<![\\p{L}])(?:ajoute[rz]?|enregistre[rz]?|add|save)\\s+([^,;]{1,80}?)\\s+(?:comme|as|en tant que)\\s+(?:(?:un|une|a|an|new|nouveau)\\s+)?${ENTITY}(?![\\p{L}])`,
  'iu',
);
// Words that end a name inside the same clause ("Marie Dupont avec l'email …").
const NAME_TAIL = /\s+(?:et|and|avec|with|qui|who|dont|whose)(?![\p{L}]).*$/iu;

export function parseCreate(text: string): IntentMatch | null {
  // As typed, valid or not: create_lead checks them and the reply names a wrong one.
  const mail = emailAttempt(text);
  const phone = phoneAttempt(text);
  let rest = stripContacts(text);
  const comp = company(rest);
  if (comp) rest = rest.replace(comp.phrase, ' ');
  const title = jobTitle(rest);
  if (title) rest = rest.replace(title.phrase, ' ');
  rest = rest.replace(/\s{2,}/g, ' ');
  const m = CREATE.exec(rest) ?? BARE.exec(rest) ?? AS_LEAD.exec(rest);
  if (!m) return null;
  const name = cleanName((m[1] ?? '').replace(NAME_TAIL, ''));
  const split = name && isName(name) ? splitName(name) : null;
  if (!split) return null;
  return {
    call: {
      name: 'create_lead',
      args: {
        ...(split.firstName ? { firstName: split.firstName } : {}),
        lastName: split.lastName,
        ...(mail ? { emailAddress: mail } : {}),
        ...(phone ? { phoneNumber: phone } : {}),
        ...(comp ? { accountName: comp.value } : {}),
        ...(title ? { title: title.value } : {}),
      },
    },
  };
}
