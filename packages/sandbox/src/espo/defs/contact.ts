/** Contact as EspoCRM 8.4.2 defines it (Crm/Resources/metadata/entityDefs/Contact.json, scopes, recordDefs). */
import { addressFields, assignmentFields, auditFields, auditLinks, SALUTATIONS } from './common.ts';
import type { EntityDefs, ScopeDefs } from './types.ts';

export function contactDefs(): EntityDefs {
  return {
    fields: {
      name: { type: 'personName', isPersonalData: true },
      salutationName: { type: 'enum', options: SALUTATIONS },
      firstName: { type: 'varchar', maxLength: 100 },
      lastName: { type: 'varchar', maxLength: 100, required: true },
      // Not stored on the contact: it is the role of the contact in its primary account.
      title: { type: 'varchar', maxLength: 100, notStorable: true, directUpdateDisabled: true },
      description: { type: 'text' },
      emailAddress: { type: 'email', isPersonalData: true },
      phoneNumber: {
        type: 'phone',
        typeList: ['Mobile', 'Office', 'Home', 'Fax', 'Other'],
        defaultType: 'Mobile',
        isPersonalData: true,
      },
      doNotCall: { type: 'bool' },
      ...addressFields('address'),
      account: { type: 'link' },
      accounts: {
        type: 'linkMultiple',
        columns: { role: 'contactRole', isInactive: 'contactIsInactive' },
        additionalAttributeList: ['columns'],
        orderBy: 'name',
      },
      accountRole: { type: 'varchar', notStorable: true, directUpdateDisabled: true },
      accountIsInactive: { type: 'bool', notStorable: true },
      accountType: { type: 'foreign', link: 'account', field: 'type', readOnly: true },
      opportunityRole: {
        type: 'enum',
        notStorable: true,
        options: ['', 'Decision Maker', 'Evaluator', 'Influencer'],
      },
      campaign: { type: 'link' },
      ...auditFields(),
      ...assignmentFields(),
      targetLists: { type: 'linkMultiple', noLoad: true },
      portalUser: { type: 'linkOne', readOnly: true, notStorable: true },
      originalLead: { type: 'linkOne', readOnly: true },
    },
    links: {
      ...auditLinks(),
      account: { type: 'belongsTo', entity: 'Account' },
      accounts: {
        type: 'hasMany',
        entity: 'Account',
        foreign: 'contacts',
        additionalColumns: {
          role: { type: 'varchar', len: 100 },
          isInactive: { type: 'bool', default: false },
        },
        columnAttributeMap: { role: 'accountRole', isInactive: 'accountIsInactive' },
      },
      opportunities: {
        type: 'hasMany',
        entity: 'Opportunity',
        foreign: 'contacts',
        columnAttributeMap: { role: 'opportunityRole' },
      },
      opportunitiesPrimary: { type: 'hasMany', entity: 'Opportunity', foreign: 'contact' },
      casesPrimary: { type: 'hasMany', entity: 'Case', foreign: 'contact' },
      cases: { type: 'hasMany', entity: 'Case', foreign: 'contacts' },
      meetings: {
        type: 'hasMany',
        entity: 'Meeting',
        foreign: 'contacts',
        columnAttributeMap: { status: 'acceptanceStatus' },
      },
      calls: {
        type: 'hasMany',
        entity: 'Call',
        foreign: 'contacts',
        columnAttributeMap: { status: 'acceptanceStatus' },
      },
      tasks: { type: 'hasChildren', entity: 'Task', foreign: 'parent' },
      emails: { type: 'hasChildren', entity: 'Email', foreign: 'parent' },
      campaign: { type: 'belongsTo', entity: 'Campaign', foreign: 'contacts' },
      targetLists: { type: 'hasMany', entity: 'TargetList', foreign: 'contacts' },
      portalUser: { type: 'hasOne', entity: 'User', foreign: 'contact' },
      originalLead: { type: 'hasOne', entity: 'Lead', foreign: 'createdContact' },
      documents: { type: 'hasMany', entity: 'Document', foreign: 'contacts' },
      tasksPrimary: { type: 'hasMany', entity: 'Task', foreign: 'contact' },
    },
    collection: { orderBy: 'createdAt', order: 'desc', textFilterFields: ['name', 'emailAddress'] },
  };
}

export const contactScope = (): ScopeDefs => ({
  entity: true,
  layouts: true,
  tab: true,
  acl: true,
  module: 'Crm',
  customizable: true,
  stream: true,
  importable: true,
  notifications: true,
  object: true,
  hasPersonalData: true,
  duplicateCheckFieldList: ['name', 'emailAddress'],
});
