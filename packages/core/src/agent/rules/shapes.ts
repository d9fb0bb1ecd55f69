/** The phrase shapes written so far: each reads one way of saying one command, whole. */
import { findTool } from '../tools/registry.ts';
import { parseAccountCreate } from './intents/account-create.ts';
import { parseAccountFind } from './intents/account-find.ts';
import { parseAccountUpdate } from './intents/account-update.ts';
import { parseCall } from './intents/call.ts';
import { parseContactCreate } from './intents/contact-create.ts';
import { parseContactFind } from './intents/contact-find.ts';
import { parseContactUpdate } from './intents/contact-update.ts';
import { parseConvert } from './intents/convert.ts';
import { parseCreate } from './intents/create.ts';
import { parseCustomField } from './intents/custom-field.ts';
import { parseDiagnostic } from './intents/diagnostic.ts';
import { parseFindDuplicates, parseMerge } from './intents/duplicates.ts';
import { parseFind } from './intents/find.ts';
import { parseFollowups } from './intents/followup.ts';
import { parseLink } from './intents/link.ts';
import { parseList } from './intents/list.ts';
import { parseMeeting } from './intents/meeting.ts';
import { parseMemoryDefault } from './intents/memory-default.ts';
import { parseMemoryForget } from './intents/memory-forget.ts';
import { parseMemoryMe } from './intents/memory-me.ts';
import { parseMemoryRecall } from './intents/memory-recall.ts';
import { parseMemoryRemember } from './intents/memory-remember.ts';
import { parseMission } from './intents/mission.ts';
import { parseNote } from './intents/note.ts';
import { parseOpportunityCreate } from './intents/opportunity-create.ts';
import { parseOpportunityFind } from './intents/opportunity-find.ts';
import { parseOpportunityUpdate } from './intents/opportunity-update.ts';
import { parseSendWhatsapp, parseWhatsappConsent } from './intents/outreach.ts';
import { parseQuality } from './intents/quality.ts';
import { parseReminderReply, parseScheduleSwitch } from './intents/schedule.ts';
import { parseSetup } from './intents/setup.ts';
import { parseStatus } from './intents/status.ts';
import { parseTask } from './intents/task.ts';
import { parseAgenda } from './intents/task-agenda.ts';
import { parseTaskDone } from './intents/task-done.ts';
import { parseUpdate } from './intents/update.ts';
import { isDestructive } from './normalize.ts';
import type { IntentMatch, ToolCallRequest } from './types.ts';

// Most specific first: a note or task carries free text that could look like any other command.
const INTENTS: Array<(text: string, today: string) => IntentMatch | null> = [
  // Short answers to a reminder ("fait", "reporte à demain 10h") and the scheduler's switches.
  parseReminderReply,
  parseScheduleSwitch,
  // Anchored at the start on their own verbs (retiens, oublie, qu'est-ce que tu sais, appelle-moi).
  parseMemoryRemember,
  parseMemoryDefault,
  parseMemoryForget,
  parseMemoryRecall,
  parseMemoryMe,
  // A WhatsApp to a lead carries free text, as a note does: read before anything in that text.
  parseFollowups,
  parseSendWhatsapp,
  parseWhatsappConsent,
  parseNote,
  // Activities: "tâche X faite" and "mes tâches" before a new task; calls, meetings; custom entities.
  parseTaskDone,
  parseAgenda,
  parseTask,
  parseCall,
  parseMeeting,
  parseMission,
  parseDiagnostic,
  // Maintenance and setup, on their own words (doublons, fusionne <id>, qualité, configure le CRM pour).
  parseFindDuplicates,
  parseMerge,
  parseQuality,
  parseSetup,
  // Contacts, accounts, opportunities, links, conversion: their own verbs or entity words, before the
  // lead intents that would otherwise read "contact"/"client" as a lead.
  parseConvert,
  parseLink,
  parseOpportunityUpdate,
  parseOpportunityCreate,
  parseOpportunityFind,
  parseContactUpdate,
  parseAccountUpdate,
  parseContactCreate,
  parseAccountCreate,
  parseContactFind,
  parseAccountFind,
  parseList,
  parseUpdate,
  parseCreate,
  // Any other field by its name or label ("mets le budget de Dupont à 5000"), on any record.
  parseCustomField,
  parseStatus,
  parseFind,
];

export interface ShapeMatch {
  call: ToolCallRequest;
  /** The command words hold a destructive word: the rules never act on it. */
  destructive: boolean;
  /** Where the user's free text starts (a note's body): only the words before it are the command. */
  bodyStart?: number;
}

/** The first shape that reads the text (most specific first), or null. */
export function readShape(text: string, today: string): ShapeMatch | null {
  for (const parse of INTENTS) {
    const match = parse(text, today);
    if (!match) continue;
    // Only the command words are checked: "note : le client veut supprimer son option" is still a note.
    // A tool that waits for the sender's explicit yes on the exact call ("fusionne <id> dans <id>",
    // a sector's fields) is not inferred behind their back: the pipeline shows it and asks first.
    const asksFirst = findTool(match.call.name)?.confirm === true;
    const destructive = !asksFirst && isDestructive(text.slice(0, match.bodyStart ?? text.length));
    return {
      call: match.call,
      destructive,
      ...(match.bodyStart !== undefined ? { bodyStart: match.bodyStart } : {}),
    };
  }
  return null;
}
