/** Lead as EspoCRM 8.4.2 defines it (Crm/Resources/metadata/entityDefs/Lead.json, scopes/Lead.json). */
import {
  addressFields,
  assignmentFields,
  auditFields,
  personNameFields,
  personReachFields,
  statusField,
} from './common-fields.ts';
import { auditLinks, childrenLink, marketingLinks } from './common-links.ts';
import { crmScope, newestFirst, personalDataScope } from './common-scope.ts';
import { LEAD_SOURCES, LEAD_STATUSES } from './options.ts';
import type { EntityDefs, ScopeDefs } from './types.ts';

export function leadDefs(): EntityDefs {
  return {
    fields: {
      ...personNameFields(false),
      title: { type: 'varchar', maxLength: 100 },
      status: statusField(LEAD_STATUSES, 'New', {
        'In Process': 'primary',
        Converted: 'success',
        Recycled: 'info',
        Dead: 'info',
      }),
      source: { type: 'enum', options: LEAD_SOURCES },
      industry: { type: 'enum', optionsReference: 'Account.industry', isSorted: true },
      opportunityAmount: { type: 'currency', min: 0, decimal: false, audited: true },
      opportunityAmountConverted: { type: 'currencyConverted', readOnly: true },
      website: { type: 'url', strip: true },
      ...addressFields('address'),
      ...personReachFields(),
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
      tasks: childrenLink('Task', true),
      cases: { type: 'hasMany', entity: 'Case', foreign: 'lead' },
      emails: childrenLink('Email'),
      createdAccount: { type: 'belongsTo', entity: 'Account', foreign: 'originalLead' },
      createdContact: { type: 'belongsTo', entity: 'Contact', foreign: 'originalLead' },
      createdOpportunity: { type: 'belongsTo', entity: 'Opportunity', foreign: 'originalLead' },
      ...marketingLinks('leads'),
      documents: { type: 'hasMany', entity: 'Document', foreign: 'leads' },
    },
    collection: newestFirst('name', 'accountName', 'emailAddress'),
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

export const leadScope = (): ScopeDefs => crmScope({ statusField: 'status', ...personalDataScope() });
