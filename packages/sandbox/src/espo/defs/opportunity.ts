/** Opportunity as EspoCRM 8.4.2 defines it (Crm/Resources/metadata/entityDefs/Opportunity.json, scopes). */
import { assignmentFields, auditFields } from './common-fields.ts';
import { auditLinks, childrenLink } from './common-links.ts';
import { crmScope, newestFirst } from './common-scope.ts';
import { OPPORTUNITY_STAGES, STAGE_PROBABILITY } from './options.ts';
import type { EntityDefs, ScopeDefs } from './types.ts';

export function opportunityDefs(): EntityDefs {
  return {
    fields: {
      name: { type: 'varchar', required: true, pattern: '$noBadCharacters' },
      amount: { type: 'currency', required: true, min: 0, decimal: false, audited: true },
      amountConverted: { type: 'currencyConverted', readOnly: true },
      account: { type: 'link' },
      contacts: {
        type: 'linkMultiple',
        columns: { role: 'opportunityRole' },
        additionalAttributeList: ['columns'],
        primaryLink: 'contact',
        orderBy: 'name',
      },
      contact: { type: 'link' },
      stage: {
        type: 'enum',
        options: OPPORTUNITY_STAGES,
        default: 'Prospecting',
        probabilityMap: STAGE_PROBABILITY,
        style: {
          Proposal: 'primary',
          Negotiation: 'warning',
          'Closed Won': 'success',
          'Closed Lost': 'info',
        },
        audited: true,
      },
      lastStage: { type: 'enum' },
      probability: { type: 'int', min: 0, max: 100 },
      leadSource: { type: 'enum', optionsReference: 'Lead.source' },
      closeDate: { type: 'date', required: true, audited: true },
      description: { type: 'text' },
      campaign: { type: 'link' },
      originalLead: { type: 'linkOne', readOnly: true },
      contactRole: { type: 'enum', notStorable: true, optionsReference: 'Contact.opportunityRole' },
      ...auditFields(),
      ...assignmentFields(),
    },
    links: {
      ...auditLinks(),
      account: { type: 'belongsTo', entity: 'Account', foreign: 'opportunities' },
      contacts: {
        type: 'hasMany',
        entity: 'Contact',
        foreign: 'opportunities',
        additionalColumns: { role: { type: 'varchar', len: 50 } },
        columnAttributeMap: { role: 'contactRole' },
      },
      contact: { type: 'belongsTo', entity: 'Contact', foreign: 'opportunitiesPrimary' },
      meetings: childrenLink('Meeting'),
      calls: childrenLink('Call'),
      tasks: childrenLink('Task'),
      emails: childrenLink('Email'),
      documents: { type: 'hasMany', entity: 'Document', foreign: 'opportunities' },
      campaign: { type: 'belongsTo', entity: 'Campaign', foreign: 'opportunities' },
      originalLead: { type: 'hasOne', entity: 'Lead', foreign: 'createdOpportunity' },
    },
    collection: newestFirst(),
  };
}

export const opportunityScope = (): ScopeDefs =>
  crmScope({
    statusField: 'stage',
    kanbanStatusIgnoreList: ['Closed Lost'],
    currencyConversionAccessRequiredFieldList: ['amount'],
  });
