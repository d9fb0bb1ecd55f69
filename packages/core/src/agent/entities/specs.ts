import type { ToolFamily } from '../tool-families.ts';

/** How MAX names an entity in a reply: singular, plural, and whether French makes it feminine. */
export interface EntityLabel {
  one: string;
  many: string;
  feminine?: boolean;
}

/** What the agent knows of one EspoCRM entity (scope): how to name it, list it, find it. */
export interface EntitySpec {
  entity: string;
  family: ToolFamily;
  label: { fr: EntityLabel; en: EntityLabel };
  /** Attributes read for a record's one-line summary. */
  select: string[];
  /** firstName + lastName make the name (Lead, Contact). */
  person?: boolean;
  /** Searchable by exact e-mail / phone. */
  email?: boolean;
  phone?: boolean;
  /** The attribute shown as the record's state in lists. */
  stateField?: string;
}

const base = ['id', 'name', 'createdAt'];

/** An entity's names, singular and plural, in French (feminine: "une") and English. */
const names = (
  [frOne, frMany]: [string, string],
  [enOne, enMany]: [string, string],
  feminine = false,
): EntitySpec['label'] => ({
  fr: { one: frOne, many: frMany, ...(feminine ? { feminine: true } : {}) },
  en: { one: enOne, many: enMany },
});

export const ENTITY_SPECS: Record<string, EntitySpec> = {
  Lead: {
    entity: 'Lead',
    family: 'leads',
    label: names(['lead', 'leads'], ['lead', 'leads']),
    select: [...base, 'firstName', 'lastName', 'emailAddress', 'phoneNumber', 'accountName', 'status'],
    person: true,
    email: true,
    phone: true,
    stateField: 'status',
  },
  Contact: {
    entity: 'Contact',
    family: 'contacts',
    label: names(['contact', 'contacts'], ['contact', 'contacts']),
    select: [
      ...base,
      'firstName',
      'lastName',
      'emailAddress',
      'phoneNumber',
      'accountId',
      'accountName',
      'title',
    ],
    person: true,
    email: true,
    phone: true,
  },
  Account: {
    entity: 'Account',
    family: 'accounts',
    label: names(['compte', 'comptes'], ['account', 'accounts']),
    select: [...base, 'emailAddress', 'phoneNumber', 'website', 'industry', 'type'],
    email: true,
    phone: true,
    stateField: 'type',
  },
  Opportunity: {
    entity: 'Opportunity',
    family: 'opportunities',
    label: names(['opportunité', 'opportunités'], ['opportunity', 'opportunities'], true),
    select: [
      ...base,
      'amount',
      'amountCurrency',
      'stage',
      'probability',
      'closeDate',
      'accountId',
      'accountName',
      'contactId',
    ],
    stateField: 'stage',
  },
  Call: {
    entity: 'Call',
    family: 'activities',
    label: names(['appel', 'appels'], ['call', 'calls']),
    select: [...base, 'status', 'direction', 'dateStart', 'dateEnd', 'parentType', 'parentId', 'parentName'],
    stateField: 'status',
  },
  Meeting: {
    entity: 'Meeting',
    family: 'activities',
    label: names(['rendez-vous', 'rendez-vous'], ['meeting', 'meetings']),
    select: [...base, 'status', 'dateStart', 'dateEnd', 'parentType', 'parentId', 'parentName'],
    stateField: 'status',
  },
  Task: {
    entity: 'Task',
    family: 'activities',
    label: names(['tâche', 'tâches'], ['task', 'tasks'], true),
    select: [...base, 'status', 'priority', 'dateEnd', 'parentType', 'parentId', 'parentName'],
    stateField: 'status',
  },
  DiagnosticIA: {
    entity: 'DiagnosticIA',
    family: 'custom',
    label: names(['diagnostic IA', 'diagnostics IA'], ['AI diagnostic', 'AI diagnostics']),
    select: [...base, 'score', 'status'],
    stateField: 'status',
  },
  MissionMAX: {
    entity: 'MissionMAX',
    family: 'custom',
    label: names(['mission MAX', 'missions MAX'], ['MAX mission', 'MAX missions'], true),
    select: [...base, 'status', 'startDate', 'endDate', 'budget', 'budgetCurrency'],
    stateField: 'status',
  },
};

export const entitySpec = (entity: string): EntitySpec | undefined => ENTITY_SPECS[entity];
