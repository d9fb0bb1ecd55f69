import { z } from 'zod';
import type { SenderRole } from '../../store/types.ts';
import { isRecordTargetSchema, RECORD_REF_JSON_SCHEMA } from '../entities/target.ts';
import type { ToolFamily } from '../tool-families.ts';
import type { ToolDefinition } from '../types.ts';
import { createAccount } from './accounts/create-account.ts';
import { findAccounts } from './accounts/find-accounts.ts';
import { updateAccount } from './accounts/update-account.ts';
import { completeTask } from './activities/complete-task.ts';
import { listActivities } from './activities/list-activities.ts';
import { logCall } from './activities/log-call.ts';
import { scheduleMeeting } from './activities/schedule-meeting.ts';
import { addFieldToLayout } from './add-field-to-layout.ts';
import { addNote } from './add-note.ts';
import { changeStatus } from './change-status.ts';
import { compactSchema } from './compact-schema.ts';
import { createContact } from './contacts/create-contact.ts';
import { findContacts } from './contacts/find-contacts.ts';
import { updateContact } from './contacts/update-contact.ts';
import { createCustomField } from './create-custom-field.ts';
import { createLead } from './create-lead.ts';
import { createTask } from './create-task.ts';
import { crmHealth } from './crm-health.ts';
import { createCustomRecord } from './custom/create-custom-record.ts';
import { findCustomRecords } from './custom/find-custom-records.ts';
import { linkCustomRecord } from './custom/link-custom-record.ts';
import { updateRecord } from './custom/update-record.ts';
import { deleteLead } from './delete-lead.ts';
import { findLeads } from './find-leads.ts';
import { importRecords } from './import/import-records.ts';
import { convertLead } from './leads-convert/convert-lead.ts';
import { linkRecords } from './links/link-records.ts';
import { listRecent } from './list-recent.ts';
import { dataQualityReport } from './maintenance/data-quality-report.ts';
import { findDuplicates } from './maintenance/find-duplicates.ts';
import { mergeRecords } from './maintenance/merge-records.ts';
import { forget } from './memory/forget.ts';
import { forgetAll } from './memory/forget-all.ts';
import { recall } from './memory/recall.ts';
import { remember } from './memory/remember.ts';
import { setMyPreferences } from './memory/set-my-preferences.ts';
import { createOpportunity } from './opportunities/create-opportunity.ts';
import { findOpportunities } from './opportunities/find-opportunities.ts';
import { updateOpportunity } from './opportunities/update-opportunity.ts';
import { planFollowups } from './outreach/plan-followups.ts';
import { sendWhatsapp } from './outreach/send-whatsapp.ts';
import { setWhatsappConsent } from './outreach/set-consent.ts';
import { rebuildCrm } from './rebuild-crm.ts';
import { answerReminder } from './schedule/answer-reminder.ts';
import { setSchedule } from './schedule/set-schedule.ts';
import { planSectorSetup } from './setup/plan-sector-setup.ts';
import { updateLead } from './update-lead.ts';

/** Order is part of the prompt prefix: keep it stable so prompt caching keeps working. */
export const allTools: readonly ToolDefinition[] = [
  findLeads,
  createLead,
  updateLead,
  changeStatus,
  addNote,
  createTask,
  logCall,
  scheduleMeeting,
  listActivities,
  completeTask,
  listRecent,
  crmHealth,
  createCustomField,
  addFieldToLayout,
  rebuildCrm,
  deleteLead,
  // contacts (+ links between records)
  findContacts,
  createContact,
  updateContact,
  linkRecords,
  // accounts
  findAccounts,
  createAccount,
  updateAccount,
  // opportunities (+ lead conversion)
  findOpportunities,
  createOpportunity,
  updateOpportunity,
  convertLead,
  // memory (what MAX knows about the business, and about the sender)
  remember,
  forget,
  forgetAll,
  recall,
  setMyPreferences,
  // maintenance
  findDuplicates,
  mergeRecords,
  dataQualityReport,
  // setup
  planSectorSetup,
  // custom entities (DiagnosticIA, MissionMAX) and fields by label
  createCustomRecord,
  findCustomRecords,
  updateRecord,
  linkCustomRecord,
  // outreach: messages to leads and contacts, with their consent
  sendWhatsapp,
  setWhatsappConsent,
  planFollowups,
  // a spreadsheet's leads or contacts, after its preview and the sender's yes
  importRecords,
  // MAX on its own: answering a reminder, turning reminders, digest and weekly report on or off
  answerReminder,
  setSchedule,
] as ToolDefinition[];

/** The tools a role may use, optionally only those of some families (what a message can need). */
export function toolsFor(role: SenderRole | 'viewer', families?: readonly ToolFamily[]): ToolDefinition[] {
  const offered = families ? allTools.filter((t) => families.includes(t.family)) : allTools;
  if (role === 'viewer') return offered.filter((t) => t.access === 'member' && !t.writes);
  return offered.filter((t) => t.access === 'member' || role === 'admin');
}

export const findTool = (name: string): ToolDefinition | undefined => allTools.find((t) => t.name === name);

export interface ModelToolSpec {
  type: 'function';
  function: { name: string; description: string; parameters: Record<string, unknown> };
}

const specCache = new Map<string, ModelToolSpec>();

/** JSON Schema for the model, derived from the same zod schema that parses its arguments. */
export function toModelSpec(t: ToolDefinition): ModelToolSpec {
  let spec = specCache.get(t.name);
  if (!spec) {
    const json = z.toJSONSchema(t.parameters, {
      io: 'input',
      // A record target is shown as the one string a model writes (its parser takes both).
      unrepresentable: 'any',
      override: (ctx) => {
        if (!isRecordTargetSchema(ctx.zodSchema)) return;
        for (const k of Object.keys(ctx.jsonSchema)) delete ctx.jsonSchema[k];
        Object.assign(ctx.jsonSchema, RECORD_REF_JSON_SCHEMA);
      },
    });
    const parameters = compactSchema(json) as Record<string, unknown>;
    spec = { type: 'function', function: { name: t.name, description: t.description, parameters } };
    specCache.set(t.name, spec);
  }
  return spec;
}
