import type { z } from 'zod';
import type { CrmClient } from '../crm/port.ts';
import type { SchedulerPort } from '../scheduler/port.ts';
import type { Clock } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';
import type { Locale, SenderRole, Session, Tenant } from '../store/types.ts';
import type { RecordSummary } from './record-summary.ts';
import type { ToolFamily } from './tool-families.ts';
import type { OutboundPort } from './whatsapp-ports.ts';

export type Focus = Session['focus'];

export interface ToolContext {
  crm: CrmClient;
  tenant: Tenant;
  role: SenderRole | 'viewer';
  focus: Focus;
  /** YYYY-MM-DD in the tenant's calendar, for relative dates. */
  today: string;
  clock: Clock;
  logger: Logger;
  /**
   * Set when this call may already have been applied by an earlier attempt of the same message
   * (it died, or the CRM's answer was lost): a record created since `since` is this call's own.
   */
  retryOf?: { since: Date };
  /**
   * What MAX knows about the business (tenant_memory, see memory/keys.ts), as of this call: the
   * turn's earlier changes included. Read only: a tool changes it through its outcome's `memory`.
   */
  memory?: Record<string, string>;
  /** The sender's own facts (whatsapp_senders); null when the request has no WhatsApp sender (web chat). */
  sender?: SenderFacts | null;
  /** The scheduler for this WhatsApp sender (reminder replies, settings); absent on the web chat. */
  scheduler?: SchedulerPort | null;
  /** The message this call serves (keys what it sends on MAX's own initiative). */
  messageId?: string;
  /** Messages to leads and contacts (paced, capped, once); absent where MAX cannot send (web chat). */
  outbound?: OutboundPort;
  /** Fetches a file the sender sent on WhatsApp (an import's spreadsheet). */
  download?: (url: string) => Promise<ArrayBuffer>;
}

/** What MAX knows of the person writing: the name to call them by, the language to answer in. */
export interface SenderFacts {
  name: string | null;
  language: Locale | null;
}

/** A lead as a tool shows it: the common record summary (see entities/summary.ts). */
export type LeadSummary = RecordSummary;

export type ToolOutcome =
  | {
      ok: true;
      /**
       * What was done. Lead tools: created, exists, updated, status, found, listed, noted, task,
       * deleted, admin, health; every entity: created, exists, updated, found, listed, deleted,
       * linked; families add their own (rendered by render/kinds.ts).
       */
      kind: string;
      records: RecordSummary[];
      /** The entity of `records` (default Lead). */
      entity?: string;
      /** What changed / what was done, rendered in the reply. */
      detail?: Record<string, unknown>;
      focus?: Focus;
      /**
       * Changes to the tenant's memory (tenant_memory), committed with the turn: a tool never writes
       * the database itself, so a retry that reuses its stored outcome applies them exactly once.
       */
      memory?: { set?: Record<string, string>; delete?: string[] };
      /** Changes to the sender's own facts (whatsapp_senders), committed with the turn like `memory`. */
      sender?: { name?: string | null; language?: Locale | null };
      /**
       * What the audit row keeps of the call beyond its target (record ids, field names; never
       * personal data): a merge names its sources, a setup its plan and result.
       */
      audit?: Record<string, unknown>;
    }
  | { ok: false; kind: 'ambiguous'; candidates: RecordSummary[]; entity?: string }
  | { ok: false; kind: 'not_found'; what: string; entity?: string }
  | {
      ok: false;
      kind: 'invalid';
      field: string;
      reason: string;
      allowed?: string[];
      /** The offending value as the sender typed it (a wrong phone number, e-mail), for the reply. */
      value?: string;
    }
  | { ok: false; kind: 'denied'; reason: string }
  | { ok: false; kind: 'error'; code: string };

export type ToolAccess = 'member' | 'admin';

export interface ToolDefinition<S extends z.ZodType = z.ZodType> {
  name: string;
  /** The family it belongs to: a message is offered only the families it can need. */
  family: ToolFamily;
  description: string;
  parameters: S;
  access: ToolAccess;
  /** Needs the sender's explicit "yes" (stored in pending_actions) before it runs. */
  confirm: boolean;
  /** Writes to the CRM: its result is stored and reused on a retry, never redone. */
  writes: boolean;
  /**
   * Its only effect is a change of memory that the turn's commit applies (checked there against
   * the memory the turn read): its result is never stored, it is decided again on every run.
   */
  committedWithTurn?: boolean;
  /**
   * Changes the CRM's structure (fields, layouts, rebuild). In shared mode one EspoCRM serves every
   * tenant, so these are the operator's (npm run tenant), never a tenant admin's.
   */
  changesSchema?: boolean;
  run(ctx: ToolContext, args: z.infer<S>): Promise<ToolOutcome>;
}

export type { Locale };
