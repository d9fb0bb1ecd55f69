/** Account as EspoCRM 8.4.2 defines it (Crm/Resources/metadata/entityDefs/Account.json, scopes, recordDefs). */
import { addressFields, assignmentFields, auditFields } from './common-fields.ts';
import { auditLinks, childrenLink, marketingLinks, primaryLinks } from './common-links.ts';
import { crmScope, newestFirst, personalDataScope } from './common-scope.ts';
import { INDUSTRIES } from './options.ts';
import type { EntityDefs, ScopeDefs } from './types.ts';

export function accountDefs(): EntityDefs {
  return {
    fields: {
      name: { type: 'varchar', maxLength: 249, required: true, pattern: '$noBadCharacters', audited: true },
      website: { type: 'url', strip: true },
      emailAddress: { type: 'email', isPersonalData: true },
      phoneNumber: { type: 'phone', typeList: ['Office', 'Mobile', 'Fax', 'Other'], defaultType: 'Office' },
      type: { type: 'enum', options: ['', 'Customer', 'Investor', 'Partner', 'Reseller'] },
      industry: { type: 'enum', options: INDUSTRIES, isSorted: true },
      sicCode: { type: 'varchar', maxLength: 40, pattern: '$noBadCharacters' },
      contactRole: { type: 'varchar', notStorable: true, utility: true, maxLength: 100 },
      contactIsInactive: { type: 'bool', notStorable: true, default: false, utility: true },
      ...addressFields('billingAddress'),
      ...addressFields('shippingAddress'),
      description: { type: 'text' },
      campaign: { type: 'link' },
      ...auditFields(),
      ...assignmentFields(),
      targetLists: { type: 'linkMultiple', noLoad: true },
      originalLead: { type: 'linkOne', readOnly: true },
    },
    links: {
      ...auditLinks(),
      contacts: {
        type: 'hasMany',
        entity: 'Contact',
        foreign: 'accounts',
        columnAttributeMap: { role: 'contactRole', isInactive: 'contactIsInactive' },
      },
      ...primaryLinks('account', 'Contact'),
      opportunities: { type: 'hasMany', entity: 'Opportunity', foreign: 'account' },
      cases: { type: 'hasMany', entity: 'Case', foreign: 'account' },
      documents: { type: 'hasMany', entity: 'Document', foreign: 'accounts', audited: true },
      ...primaryLinks('account', 'Meeting', 'Email', 'Call', 'Task'),
      meetings: childrenLink('Meeting', true),
      calls: childrenLink('Call', true),
      tasks: childrenLink('Task'),
      emails: childrenLink('Email'),
      ...marketingLinks('accounts'),
      portalUsers: { type: 'hasMany', entity: 'User', foreign: 'accounts' },
      originalLead: { type: 'hasOne', entity: 'Lead', foreign: 'createdAccount' },
    },
    collection: newestFirst('name', 'emailAddress'),
  };
}

export const accountScope = (): ScopeDefs => crmScope(personalDataScope(), { stars: true });
