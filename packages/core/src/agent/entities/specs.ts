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

export const ENTITY_SPECS: Record<string, EntitySpec> = {
  Lead: {
    entity: 'Lead',
    family: 'leads',
    label: { fr: { one: 'lead', many: 'leads' }, en: { one: 'lead', many: 'leads' } },
    select: [...base, 'firstName', 'lastName', 'emailAddress', 'phoneNumber', 'accountName', 'status'],
    person: true,
    email: true,
    phone: true,
    stateField: 'status',
  },
  Contact: {
    entity: 'Contact',
    family: 'contacts',
    label: { fr: { one: 'contact', many: 'contacts' }, en: { one: 'contact', many: 'contacts' } },
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
    label: {
      fr: { one: 'compte', many: 'comptes' },
      en: { one: 'account', many: 'accounts' },
    },
    select: [...base, 'emailAddress', 'phoneNumber', 'website', 'industry', 'type'],
    email: true,
    phone: true,
    stateField: 'type',
  },
  Opportunity: {
    entity: 'Opportunity',
    family: 'opportunities',
    label: {
      fr: { one: 'opportunité', many: 'opportunités', feminine: true },
      en: { one: 'opportunity', many: 'opportunities' },
    },
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
    label: { fr: { one: 'appel', many: 'appels' }, en: { one: 'call', many: 'calls' } },
    select: [...base, 'status', 'direction', 'dateStart', 'dateEnd', 'parentType', 'parentId', 'parentName'],
    stateField: 'status',
  },
  Meeting: {
    entity: 'Meeting',
    family: 'activities',
    label: { fr: { one: 'rendez-vous', many: 'rendez-vous' }, en: { one: 'meeting', many: 'meetings' } },
    select: [...base, 'status', 'dateStart', 'dateEnd', 'parentType', 'parentId', 'parentName'],
    stateField: 'status',
  },
  Task: {
    entity: 'Task',
    family: 'activities',
    label: { fr: { one: 'tâche', many: 'tâches', feminine: true }, en: { one: 'task', many: 'tasks' } },
    select: [...base, 'status', 'priority', 'dateEnd', 'parentType', 'parentId', 'parentName'],
    stateField: 'status',
  },
  DiagnosticIA: {
    entity: 'DiagnosticIA',
    family: 'custom',
    label: {
      fr: { one: 'diagnostic IA', many: 'diagnostics IA' },
      en: { one: 'AI diagnostic', many: 'AI diagnostics' },
    },
    select: [...base, 'score', 'status'],
    stateField: 'status',
  },
  MissionMAX: {
    entity: 'MissionMAX',
    family: 'custom',
    label: {
      fr: { one: 'mission MAX', many: 'missions MAX', feminine: true },
      en: { one: 'MAX mission', many: 'MAX missions' },
    },
    select: [...base, 'status', 'startDate', 'endDate', 'budget', 'budgetCurrency'],
    stateField: 'status',
  },
};

export const entitySpec = (entity: string): EntitySpec | undefined => ENTITY_SPECS[entity];
