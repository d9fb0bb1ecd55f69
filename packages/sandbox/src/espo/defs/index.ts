/** The metadata of a fresh EspoCRM 8.4.2 for the entities the stand-in serves. */
import { accountDefs, accountScope } from './account.ts';
import { callDefs, callScope, meetingDefs, meetingScope, taskDefs, taskScope } from './activities.ts';
import { contactDefs, contactScope } from './contact.ts';
import { leadDefs, leadScope } from './lead.ts';
import { noteDefs, noteScope } from './note.ts';
import { opportunityDefs, opportunityScope } from './opportunity.ts';
import type { Metadata } from './types.ts';

export type { EntityDefs, FieldDef, LinkDef, LinkType, Metadata, ScopeDefs } from './types.ts';

const GENERAL = 'Espo\\Classes\\DuplicateWhereBuilders\\General';

export function coreMetadata(): Metadata {
  return {
    entityDefs: {
      Lead: leadDefs(),
      Contact: contactDefs(),
      Account: accountDefs(),
      Opportunity: opportunityDefs(),
      Call: callDefs(),
      Meeting: meetingDefs(),
      Task: taskDefs(),
      Note: noteDefs(),
    },
    scopes: {
      Lead: leadScope(),
      Contact: contactScope(),
      Account: accountScope(),
      Opportunity: opportunityScope(),
      Call: callScope(),
      Meeting: meetingScope(),
      Task: taskScope(),
      Note: noteScope(),
    },
    // Only Lead, Contact and Account have a duplicate where-builder in 8.4.2 (Crm recordDefs).
    recordDefs: {
      Lead: { duplicateWhereBuilderClassName: GENERAL },
      Contact: {
        duplicateWhereBuilderClassName: GENERAL,
        mandatoryAttributeList: ['accountId', 'accountName'],
      },
      Account: { duplicateWhereBuilderClassName: GENERAL },
      Opportunity: { mandatoryAttributeList: ['accountId', 'accountName'] },
    },
  };
}
