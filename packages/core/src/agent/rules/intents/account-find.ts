import { emails, phones } from '../extract.ts';
import { cleanName } from '../names.ts';
import type { IntentMatch } from '../types.ts';
import { accountTypeOf } from './account-words.ts';
import { findPattern } from './contact-find.ts';

const ACCOUNTS = findPattern(
  '(?:comptes?|soci[ée]t[ée]s?|entreprises?|accounts?|compan(?:y|ies)|organi[sz]ations?)',
);
const INDUSTRY = /^(?:(?:du|de|dans le|in the|in|of)\s+)?(?:secteur|industrie|industry|sector)\s+(.+)$/iu;
// "in the Technology industry", "in retail sector"
const INDUSTRY_AFTER = /^(?:in|of)\s+(?:the\s+)?([^\s].{0,58}?)\s+(?:industry|sector)$/iu;
const TYPE = /^(?:(?:de|of)\s+)?type\s+(.+)$/iu;
const NAMED = /^(?:nomm[ée]e?s?|named|called|appel[ée]e?s?)\s+(.+)$/iu;

/** "trouve le compte Boulangerie", "liste les sociétés", "find account Acme", "companies in Retail". */
export function parseAccountFind(text: string): IntentMatch | null {
  const m = ACCOUNTS.exec(text);
  if (!m) return null;
  const rest = cleanName((m[3] ?? '').replace(/[?!]+/g, ' '));
  // Without a verb only a plural ("mes comptes", "sociétés du secteur Retail") is a search.
  if (!m[1] && !/s$/i.test(m[2]!)) return null;
  const e = emails(rest)[0];
  if (e) return { call: { name: 'find_accounts', args: { query: e } } };
  const p = phones(rest)[0];
  if (p) return { call: { name: 'find_accounts', args: { query: p } } };
  if (!rest) return { call: { name: 'find_accounts', args: {} } };
  const industry = INDUSTRY.exec(rest) ?? INDUSTRY_AFTER.exec(rest);
  if (industry) return { call: { name: 'find_accounts', args: { industry: cleanName(industry[1]!) } } };
  const type = TYPE.exec(rest);
  if (type) {
    const t = accountTypeOf(type[1]!);
    return t ? { call: { name: 'find_accounts', args: { type: t } } } : null;
  }
  const q = cleanName(NAMED.exec(rest)?.[1] ?? rest);
  if (q.length < 2 || q.length > 100) return null;
  return { call: { name: 'find_accounts', args: { query: q } } };
}
