/** Account as EspoCRM 8.4.2 defines it (Crm/Resources/metadata/entityDefs/Account.json, scopes, recordDefs). */
import { addressFields, assignmentFields, auditFields, auditLinks } from './common.ts';
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
      contactsPrimary: {
        type: 'hasMany',
        entity: 'Contact',
        foreign: 'account',
        layoutRelationshipsDisabled: true,
      },
      opportunities: { type: 'hasMany', entity: 'Opportunity', foreign: 'account' },
      cases: { type: 'hasMany', entity: 'Case', foreign: 'account' },
      documents: { type: 'hasMany', entity: 'Document', foreign: 'accounts', audited: true },
      meetingsPrimary: {
        type: 'hasMany',
        entity: 'Meeting',
        foreign: 'account',
        layoutRelationshipsDisabled: true,
      },
      emailsPrimary: {
        type: 'hasMany',
        entity: 'Email',
        foreign: 'account',
        layoutRelationshipsDisabled: true,
      },
      callsPrimary: {
        type: 'hasMany',
        entity: 'Call',
        foreign: 'account',
        layoutRelationshipsDisabled: true,
      },
      tasksPrimary: {
        type: 'hasMany',
        entity: 'Task',
        foreign: 'account',
        layoutRelationshipsDisabled: true,
      },
      meetings: { type: 'hasChildren', entity: 'Meeting', foreign: 'parent', audited: true },
      calls: { type: 'hasChildren', entity: 'Call', foreign: 'parent', audited: true },
      tasks: { type: 'hasChildren', entity: 'Task', foreign: 'parent' },
      emails: { type: 'hasChildren', entity: 'Email', foreign: 'parent' },
      campaign: { type: 'belongsTo', entity: 'Campaign', foreign: 'accounts' },
      targetLists: { type: 'hasMany', entity: 'TargetList', foreign: 'accounts' },
      portalUsers: { type: 'hasMany', entity: 'User', foreign: 'accounts' },
      originalLead: { type: 'hasOne', entity: 'Lead', foreign: 'createdAccount' },
    },
    collection: { orderBy: 'createdAt', order: 'desc', textFilterFields: ['name', 'emailAddress'] },
  };
}

export const accountScope = (): ScopeDefs => ({
  entity: true,
  layouts: true,
  tab: true,
  acl: true,
  module: 'Crm',
  customizable: true,
  stream: true,
  stars: true,
  importable: true,
  notifications: true,
  object: true,
  hasPersonalData: true,
  duplicateCheckFieldList: ['name', 'emailAddress'],
});
