/** Contact as EspoCRM 8.4.2 defines it (Crm/Resources/metadata/entityDefs/Contact.json, scopes, recordDefs). */
import {
  addressFields,
  assignmentFields,
  auditFields,
  personNameFields,
  personReachFields,
} from './common-fields.ts';
import { attendanceLink, auditLinks, childrenLink, marketingLinks } from './common-links.ts';
import { crmScope, newestFirst, personalDataScope } from './common-scope.ts';
import type { EntityDefs, ScopeDefs } from './types.ts';

export function contactDefs(): EntityDefs {
  return {
    fields: {
      ...personNameFields(true),
      // Not stored on the contact: it is the role of the contact in its primary account.
      title: { type: 'varchar', maxLength: 100, notStorable: true, directUpdateDisabled: true },
      description: { type: 'text' },
      ...personReachFields(),
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
      meetings: attendanceLink('Meeting', 'contacts'),
      calls: attendanceLink('Call', 'contacts'),
      tasks: childrenLink('Task'),
      emails: childrenLink('Email'),
      ...marketingLinks('contacts'),
      portalUser: { type: 'hasOne', entity: 'User', foreign: 'contact' },
      originalLead: { type: 'hasOne', entity: 'Lead', foreign: 'createdContact' },
      documents: { type: 'hasMany', entity: 'Document', foreign: 'contacts' },
      tasksPrimary: { type: 'hasMany', entity: 'Task', foreign: 'contact' },
    },
    collection: newestFirst('name', 'emailAddress'),
  };
}

export const contactScope = (): ScopeDefs => crmScope(personalDataScope());
