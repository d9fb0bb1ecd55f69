/** Scope and list defaults EspoCRM 8.4 Crm entities share, in the order its metadata lists them. */
import type { EntityDefs, ScopeDefs } from './types.ts';

/** The flags every Crm entity's scope starts with. */
export const crmScopeHead = (): ScopeDefs => ({
  entity: true,
  layouts: true,
  tab: true,
  acl: true,
  module: 'Crm',
  customizable: true,
});

/** A streamed Crm record entity's scope (Account, Contact, Lead, Opportunity); `own` comes last. */
export const crmScope = (own: ScopeDefs, o: { stars?: boolean } = {}): ScopeDefs => ({
  ...crmScopeHead(),
  stream: true,
  ...(o.stars ? { stars: true } : {}),
  importable: true,
  notifications: true,
  object: true,
  ...own,
});

/** An entity of personal data whose duplicates are checked by name and e-mail address. */
export const personalDataScope = (): ScopeDefs => ({
  hasPersonalData: true,
  duplicateCheckFieldList: ['name', 'emailAddress'],
});

/** Lists newest first, the text filter searching `textFilterFields` (none: the default ones). */
export const newestFirst = (...textFilterFields: string[]): EntityDefs['collection'] => ({
  orderBy: 'createdAt',
  order: 'desc',
  ...(textFilterFields.length ? { textFilterFields } : {}),
});
