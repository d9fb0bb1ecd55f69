import type { z } from 'zod';
import type { CrmClient, CrmRecord } from '../crm/port.ts';
import type { Clock } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';
import type { Locale, SenderRole, Session, Tenant } from '../store/types.ts';

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
}

export interface LeadSummary {
  id: string;
  name: string | null;
  emailAddress?: string | null;
  phoneNumber?: string | null;
  accountName?: string | null;
  status?: string | null;
}

export type ToolOutcome =
  | {
      ok: true;
      kind:
        | 'created'
        | 'exists'
        | 'updated'
        | 'status'
        | 'found'
        | 'listed'
        | 'noted'
        | 'task'
        | 'deleted'
        | 'admin'
        | 'health';
      records: LeadSummary[];
      /** The entity of `records` (default Lead). */
      entity?: string;
      /** What changed / what was done, rendered in the reply. */
      detail?: Record<string, unknown>;
      focus?: Focus;
    }
  | { ok: false; kind: 'ambiguous'; candidates: LeadSummary[] }
  | { ok: false; kind: 'not_found'; what: string }
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
  description: string;
  parameters: S;
  access: ToolAccess;
  /** Needs the sender's explicit "yes" (stored in pending_actions) before it runs. */
  confirm: boolean;
  /** Writes to the CRM: its result is stored and reused on a retry, never redone. */
  writes: boolean;
  /**
   * Changes the CRM's structure (fields, layouts, rebuild). In shared mode one EspoCRM serves every
   * tenant, so these are the operator's (npm run tenant), never a tenant admin's.
   */
  changesSchema?: boolean;
  run(ctx: ToolContext, args: z.infer<S>): Promise<ToolOutcome>;
}

export const toLeadSummary = (r: CrmRecord): LeadSummary => ({
  id: r.id,
  name: (r.name as string | null | undefined) ?? null,
  emailAddress: (r.emailAddress as string | null | undefined) ?? null,
  phoneNumber: (r.phoneNumber as string | null | undefined) ?? null,
  accountName: (r.accountName as string | null | undefined) ?? null,
  status: (r.status as string | null | undefined) ?? null,
});

export type { Locale };
