import { EMAIL, emailAttempt, phoneAttempt, stripContacts } from '../extract.ts';
import { cleanName } from '../names.ts';
import type { IntentMatch } from '../types.ts';
import { ACCOUNT_WORDS, accountTypeOf } from './account-words.ts';

const VERB =
  '(?:cr[ée]{1,2}[ersz]{0,2}|ajoute[rz]?|enregistre[rz]?|rajoute[rz]?|ouvre[rz]?|nouveau|nouvelle|create|add|new|register|open)';
// "crée un compte Boulangerie Dupont", "nouvelle société Acme", "create an account Acme Corp".
const CREATE = new RegExp(
  `^${VERB}\\s+(?:(?:un|une|le|la|l'|a|an|the)\\s*)?(?:(?:nouveau|nouvelle|new)\\s+)?${ACCOUNT_WORDS}(?![\\p{L}@])\\s*(?:(?:client|cliente|customer|nomm[ée]e?|named|called|appel[ée]e?|:|-)\\s*)?([^,;]*)(.*)$`,
  'iu',
);
const BARE = new RegExp(`^(?:(?:nouveau|nouvelle|new)\\s+)?${ACCOUNT_WORDS}\\s*[:-]\\s*([^,;]*)(.*)$`, 'iu');

const WEBSITE_LABELLED =
  /(?<![\p{L}])(?:site(?: web| internet)?|website|web|url)\s*:?\s*((?:https?:\/\/)?[\w-]+(?:\.[\w-]+)+(?:\/\S*)?)/iu;
// A bare domain ("acme.fr", "www.acme.com") that is not part of an e-mail.
const DOMAIN =
  /(?<![\w@.-])((?:https?:\/\/)?(?:www\.)?[\w-]{1,63}\.(?:[a-z]{2,6})(?:\.[a-z]{2})?(?:\/\S*)?)(?![\w@-])/iu;
const INDUSTRY =
  /(?<![\p{L}])(?:secteur(?: d'activit[ée])?|industrie|industry|sector)\s*:?\s*([^,;]{2,60})/iu;
const TYPE = /(?<![\p{L}])type\s*:?\s*([\p{L}]{2,40})/iu;

// A company name: letters, digits and the usual signs (&, ', ., -), one to eight words.
const COMPANY_NAME = /^[\p{L}\d][\p{L}\d&'.-]{0,40}(?: [\p{L}\d&'.-]{1,40}){0,7}$/u;

/** "crée un compte Boulangerie Dupont, site boulangerie-dupont.fr, tél …", "new company Acme, website acme.com". */
export function parseAccountCreate(text: string): IntentMatch | null {
  const m = CREATE.exec(text) ?? BARE.exec(text);
  if (!m) return null;
  const name = cleanName(m[1] ?? '');
  if (!name || !COMPANY_NAME.test(name) || /^(?:pour|for|de|du|chez|at)$/i.test(name)) return null;
  // "ajoute la société Acme au lead Dupont" is about a lead, not a new account.
  if (/(?<![\p{L}])(?:leads?|prospects?|contacts?)(?![\p{L}])/iu.test(name)) return null;
  const details = m[2] ?? '';
  const mail = emailAttempt(details);
  const phone = phoneAttempt(details);
  const bare = stripContacts(details.replace(EMAIL, ' '));
  const site = WEBSITE_LABELLED.exec(details)?.[1] ?? DOMAIN.exec(bare)?.[1];
  const industry = INDUSTRY.exec(details)?.[1]?.trim();
  const type = TYPE.exec(details)?.[1];
  return {
    call: {
      name: 'create_account',
      args: {
        name,
        ...(site ? { website: site } : {}),
        ...(mail ? { emailAddress: mail } : {}),
        ...(phone ? { phoneNumber: phone } : {}),
        ...(industry ? { industry } : {}),
        ...(type ? { type: accountTypeOf(type) } : {}),
      },
    },
  };
}
