import type { CrmRecord } from '../../crm/port.ts';
import type { RecordSummary } from '../record-summary.ts';
import { entitySpec } from './specs.ts';

export type { RecordSummary };

const str = (v: unknown) => (typeof v === 'string' ? v : v === null || v === undefined ? null : String(v));

/** Attributes shown after the name, per entity (the rest stays in the CRM). */
const EXTRA: Record<string, string[]> = {
  Opportunity: ['amount', 'amountCurrency', 'closeDate'],
  Call: ['dateStart', 'parentName'],
  Meeting: ['dateStart', 'parentName'],
  Task: ['dateEnd', 'parentName'],
  DiagnosticIA: ['score'],
  MissionMAX: ['startDate', 'budget', 'budgetCurrency'],
  Contact: ['title'],
  Account: ['website'],
};

export function toSummary(entity: string, r: CrmRecord): RecordSummary {
  const spec = entitySpec(entity);
  const personName = [r.firstName, r.lastName].filter((x) => typeof x === 'string' && x).join(' ');
  const extra: Record<string, string | number | null> = {};
  for (const k of EXTRA[entity] ?? []) {
    const v = r[k];
    if (v !== undefined && v !== null && v !== '') extra[k] = typeof v === 'number' ? v : String(v);
  }
  return {
    id: r.id,
    name: str(r.name) ?? (personName || null),
    entity,
    emailAddress: str(r.emailAddress),
    phoneNumber: str(r.phoneNumber),
    accountName: str(r.accountName),
    status: spec?.stateField ? str(r[spec.stateField]) : null,
    ...(Object.keys(extra).length ? { extra } : {}),
  };
}

/** A lead as a tool shows it. */
export const toLeadSummary = (r: CrmRecord): RecordSummary => toSummary('Lead', r);
