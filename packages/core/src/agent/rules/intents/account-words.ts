import { cleanName } from '../names.ts';

/** The words for an account (a company), FR/EN, singular. */
export const ACCOUNT_WORDS = '(?:compte|soci[ée]t[ée]|entreprise|account|company|organi[sz]ation)';

const TYPES: Array<[RegExp, string]> = [
  [/^(?:client|cliente|customer)$/iu, 'Customer'],
  [/^(?:partenaire|partner)$/iu, 'Partner'],
  [/^(?:revendeur|distributeur|reseller)$/iu, 'Reseller'],
  [/^(?:investisseur|investor)$/iu, 'Investor'],
];

/** An account type in words ("client" → Customer); other words as typed (the tool checks them). */
export function accountTypeOf(words: string): string | null {
  const w = cleanName(words);
  if (!w || w.length > 40) return null;
  return TYPES.find(([re]) => re.test(w))?.[1] ?? w;
}
