import { isAppError } from '../../shared/errors.ts';
import type { CrmClient, FieldDef } from '../port.ts';

/** Entities whose currency fields (amount, budget, custom ones) may hold amounts in another currency. */
const ENTITIES = ['Lead', 'Contact', 'Account', 'Opportunity', 'DiagnosticIA', 'MissionMAX'];

/**
 * Which of `candidates` some record's amount is in: for each currency field of each entity, one
 * one-row search per currency. An entity the install does not have has no fields, hence no use.
 */
export async function currenciesInUse(crm: CrmClient, candidates: string[]): Promise<Set<string>> {
  const used = new Set<string>();
  for (const entity of ENTITIES) {
    const fields = await crm.fields(entity).catch((e: unknown): Record<string, FieldDef> => {
      // Not this install's entity (or not the API user's to read): no amounts there. Anything else
      // (the CRM down) stops the check rather than dropping a currency records may use.
      if (isAppError(e) && ['not_found', 'forbidden', 'bad_request'].includes(e.code)) return {};
      throw e;
    });
    const money = Object.entries(fields)
      .filter(([, def]) => def.type === 'currency' && !def.notStorable)
      .map(([name]) => name);
    for (const field of money)
      for (const currency of candidates) {
        if (used.has(currency)) continue;
        const res = await crm.list(entity, {
          where: [{ type: 'equals', attribute: `${field}Currency`, value: currency }],
          select: ['id'],
          maxSize: 1,
        });
        if (res.list.length) used.add(currency);
      }
  }
  return used;
}
