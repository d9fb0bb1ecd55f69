import { classifyFact } from '../../memory/classify.ts';
import type { IntentMatch } from '../types.ts';

/**
 * A default stated as a fact, without "retiens": "notre source de leads par défaut est Web Site",
 * "new leads come from referrals", "on vend en euros", "our currency is GBP". Kept in tenant memory
 * under its structured key (default.Lead.source, default.Opportunity.amountCurrency) and applied to
 * the records created afterwards.
 */
export function parseMemoryDefault(text: string): IntentMatch | null {
  const fact = classifyFact(text.replace(/[.!]+$/, ''));
  if (fact.kind !== 'default' || !fact.field) return null;
  return { call: { name: 'remember', args: { kind: 'default', field: fact.field, value: fact.value } } };
}
