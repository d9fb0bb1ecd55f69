/** Lead as EspoCRM 8.4.2 defines it (Crm/Resources/metadata/entityDefs/Lead.json, scopes/Lead.json). */
import { addressFields, assignmentFields, auditFields, auditLinks, SALUTATIONS } from './common.ts';
import { LEAD_SOURCES, LEAD_STATUSES } from './options.ts';
import type { EntityDefs, ScopeDefs } from './types.ts';

export function leadDefs(): EntityDefs {
  return {
    fields: {
      name: { type: 'personName', isPersonalData: true },
      salutationName: { type: 'enum', options: SALUTATIONS },
      firstName: { type: 'varchar', maxLength: 100 },
      lastName: { type: 'varchar', maxLength: 100 },
      title: { type: 'varchar', maxLength: 100 },
      status: {
        type: 'enum',
        options: LEAD_STATUSES,
        default: 'New',
        style: { 'In Process': 'primary', Converted: 'success', Recycled: 'info', Dead: 'info' },
        audited: true,
      },
      source: { type: 'enum', options: LEAD_SOURCES },
      industry: { type: 'enum', optionsReference: 'Account.industry', isSorted: true },
      opportunityAmount: { type: 'currency', min: 0, decimal: false, audited: true },
      opportunityAmountConverted: { type: 'currencyConverted', readOnly: true },
      website: { type: 'url', strip: true },
      ...addressFields('address'),
      emailAddress: { type: 'email', isPersonalData: true },
      phoneNumber: {
        type: 'phone',
        typeList: ['Mobile', 'Office', 'Home', 'Fax', 'Other'],
        defaultType: 'Mobile',
        isPersonalData: true,
      },
      doNotCall: { type: 'bool' },
      description: { type: 'text' },
      convertedAt: { type: 'datetime', readOnly: true },
      ...auditFields(),
      accountName: { type: 'varchar' },
      ...assignmentFields(),
      campaign: { type: 'link' },
      createdAccount: { type: 'link' },
      createdContact: { type: 'link' },
      createdOpportunity: { type: 'link' },
      targetLists: { type: 'linkMultiple', noLoad: true },
    },
    links: {
      ...auditLinks(),
      meetings: { type: 'hasMany', entity: 'Meeting', foreign: 'leads', audited: true },
      calls: { type: 'hasMany', entity: 'Call', foreign: 'leads', audited: true },
      tasks: { type: 'hasChildren', entity: 'Task', foreign: 'parent', audited: true },
      cases: { type: 'hasMany', entity: 'Case', foreign: 'lead' },
      emails: { type: 'hasChildren', entity: 'Email', foreign: 'parent' },
      createdAccount: { type: 'belongsTo', entity: 'Account', foreign: 'originalLead' },
      createdContact: { type: 'belongsTo', entity: 'Contact', foreign: 'originalLead' },
      createdOpportunity: { type: 'belongsTo', entity: 'Opportunity', foreign: 'originalLead' },
      campaign: { type: 'belongsTo', entity: 'Campaign', foreign: 'leads' },
      targetLists: { type: 'hasMany', entity: 'TargetList', foreign: 'leads' },
      documents: { type: 'hasMany', entity: 'Document', foreign: 'leads' },
    },
    collection: {
      orderBy: 'createdAt',
      order: 'desc',
      textFilterFields: ['name', 'accountName', 'emailAddress'],
    },
    convertEntityList: ['Account', 'Contact', 'Opportunity'],
    convertFields: {
      Contact: {},
      Account: {
        name: 'accountName',
        billingAddressStreet: 'addressStreet',
        billingAddressCity: 'addressCity',
        billingAddressState: 'addressState',
        billingAddressPostalCode: 'addressPostalCode',
        billingAddressCountry: 'addressCountry',
      },
      Opportunity: { amount: 'opportunityAmount', leadSource: 'source' },
    },
  };
}

export const leadScope = (): ScopeDefs => ({
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
  statusField: 'status',
  hasPersonalData: true,
  duplicateCheckFieldList: ['name', 'emailAddress'],
});
