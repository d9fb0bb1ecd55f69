import { company, emailAttempt, jobTitle, phoneAttempt, stripContacts } from '../extract.ts';
import { cleanName, isName, splitName } from '../names.ts';
import type { IntentMatch } from '../types.ts';

const VERB =
  '(?:cr[ée]{1,2}[ersz]{0,2}|ajoute[rz]?|enregistre[rz]?|rajoute[rz]?|nouveau|nouvelle|create|add|new|register|save|record)';
// Words that end a name inside the same clause ("Marie Dupont avec l'email …").
const NAME_TAIL = /\s+(?:et|and|avec|with|qui|who|dont|whose)(?![\p{L}]).*$/iu;

/**
 * The phrasings of "create a <entity> X" for one entity's words, whose group 1 is the name: "crée un
 * lead pour X", "nouveau prospect X", "create a contact for X"; "lead : X"; "ajoute X comme lead".
 * `end` closes the entity word in the first one.
 */
export function createShapes(entity: string, end = '(?![\\p{L}])'): RegExp[] {
  return [
    new RegExp(
      `(?<![\\p{L}])${VERB}\\s+(?:(?:un|une|le|la|a|an|the|ce|this)\\s+)?(?:(?:nouveau|nouvelle|new)\\s+)?${entity}${end}\\s*(?:(?:pour|for|:|-|nomm[ée]e?|named|called|appel[ée]e?|qui s'appelle)\\s*)?([^,;]*)`,
      'iu',
    ),
    new RegExp(`^(?:(?:nouveau|nouvelle|new)\\s+)?${entity}\\s*[:-]\\s*([^,;]*)`, 'iu'),
    new RegExp(
      `(?<![\\p{L}])(?:ajoute[rz]?|enregistre[rz]?|add|save)\\s+([^,;]{1,80}?)\\s+(?:comme|as|en tant que)\\s+(?:(?:un|une|a|an|new|nouveau)\\s+)?${entity}(?![\\p{L}])`,
      'iu',
    ),
  ];
}

/**
 * "Create this person" as a call of `tool`: e-mail and phone as typed (valid or not: the tool checks
 * them and the reply names a wrong one); the account (`account`'s group 1, when it matches) or else
 * the company, and the title, taken out; then the name the first matching shape finds in the rest.
 */
export function parsePersonCreate(
  text: string,
  tool: string,
  shapes: RegExp[],
  account?: RegExp,
): IntentMatch | null {
  const mail = emailAttempt(text);
  const phone = phoneAttempt(text);
  let rest = stripContacts(text);
  const named = account?.exec(rest) ?? null;
  if (named) rest = rest.replace(named[0], ' ');
  const comp = named ? null : company(rest);
  if (comp) rest = rest.replace(comp.phrase, ' ');
  const title = jobTitle(rest);
  if (title) rest = rest.replace(title.phrase, ' ');
  rest = rest.replace(/\s{2,}/g, ' ');
  const m = shapes.reduce<RegExpExecArray | null>((found, re) => found ?? re.exec(rest), null);
  if (!m) return null;
  const name = cleanName((m[1] ?? '').replace(NAME_TAIL, ''));
  const split = name && isName(name) ? splitName(name) : null;
  if (!split) return null;
  const accountName = named?.[1]?.trim() ?? comp?.value;
  return {
    call: {
      name: tool,
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
