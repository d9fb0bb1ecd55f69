import { fieldOf } from '../fields.ts';
import type { IntentMatch } from '../types.ts';
import { ACCOUNT_WORDS, accountTypeOf } from './account-words.ts';
import { parseRecordChange, withTarget } from './contact-update.ts';
import { fieldValue } from './field-value.ts';

// An account's fields in words; the lead words that name other things (company, first name) do not apply.
const OWN: Array<[RegExp, string]> = [
  [/^(?:l'|le |la |the )?(?:secteur(?: d'activit[ée])?|industrie|industry|sector)$/iu, 'industry'],
  [/^(?:l'|le |la |the )?(?:type|cat[ée]gorie|category)$/iu, 'type'],
  [/^(?:l'|le |la |the )?(?:nom|raison sociale|name)$/iu, 'name'],
];
const SHARED = new Set(['emailAddress', 'phoneNumber', 'website', 'description']);

const accountField = (words: string): string | null => {
  const own = OWN.find(([re]) => re.test(words.trim()))?.[1];
  if (own) return own;
  const f = fieldOf(words);
  return f && SHARED.has(f) ? f : null;
};

/** "change le site du compte Acme en acme.fr", "set the industry of account Acme to Retail". */
export function parseAccountUpdate(text: string): IntentMatch | null {
  const change = parseRecordChange(text, ACCOUNT_WORDS, accountField);
  if (!change) return null;
  const value =
    change.field === 'type' ? accountTypeOf(change.value) : fieldValue(change.field, change.value);
  if (!value) return null;
  return {
    call: { name: 'update_account', args: withTarget(change.target, { changes: { [change.field]: value } }) },
  };
}
