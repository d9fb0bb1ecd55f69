import type { CrmClient, CrmRecord } from '../../../crm/port.ts';
import type { Clock } from '../../../shared/clock.ts';
import { describeError, isAppError } from '../../../shared/errors.ts';
import type { Logger } from '../../../shared/logger.ts';
import type { Store } from '../../../store/port.ts';
import type { AuditEntry, StoredToolResult, Tenant, TurnRef } from '../../../store/types.ts';
import { executeTool } from '../../calls/execute-tool.ts';
import { createJournal } from '../../calls/journal.ts';
import { argsDigest } from '../../calls/prepare-call.ts';
import { isStart, isStop } from '../../control-words.ts';
import { chatIdOfPhone, consentOf, PERSON_ENTITIES, phoneOfChatId } from '../../outreach/consent.ts';
import { fixedReplies, pick } from '../../render/messages.ts';
import type { Lang } from '../../render/replies.ts';
import { recordLeadMessage, recordOwnConsent } from '../../tools/outreach/self-consent.ts';
import type { ToolDefinition } from '../../types.ts';
import { leadReplyNotice, personOptedIn } from './lead-reply-text.ts';

export interface LeadReplyInput {
  /** The tenant's CRM (built on first use: a tenant without a CRM secret has no leads to find). */
  crm: () => CrmClient;
  store: Store;
  tenant: Tenant;
  turn: TurnRef;
  senderId: string;
  /** The message's text or caption (null: a media without one). */
  text: string | null;
  kind: string;
  stored: StoredToolResult[];
  leaseMs: number;
  receivedAt: string;
  clock: Clock;
  logger: Logger;
  /** The person's language (their message's), for the one line MAX may send them. */
  lang: Lang;
}

export interface LeadReplyPlan {
  outcome: 'lead_reply' | 'lead_opt_out' | 'lead_opt_in' | 'lead_opt_out_repeat';
  audit: AuditEntry[];
  replies: Array<{ chatId: string; body: string }>;
}

type Person = { entity: 'Lead' | 'Contact'; record: CrmRecord };

/**
 * A message from a number that is one of the tenant's leads or contacts (not a team member): MAX
 * does not answer it as a command nor refuse it as a stranger. STOP / START set the person's own
 * consent (and MAX confirms once); anything else goes on the record's stream and the record's
 * assigned team member (else the admins) hears of it on WhatsApp, to answer from their own phone.
 * Null: the number is no lead or contact of this tenant (today's stranger path applies).
 * Exactly once: the CRM writes go through the turn's journal, the notices through its outbox.
 */
export async function leadReply(i: LeadReplyInput): Promise<LeadReplyPlan | null> {
  const person = await findPerson(i);
  if (!person) return null;
  const { entity, record } = person;
  const name = typeof record.name === 'string' && record.name ? record.name : record.id;
  const journal = createJournal({
    store: i.store,
    turn: i.turn,
    stored: i.stored,
    leaseMs: i.leaseMs,
    since: new Date(new Date(i.receivedAt).getTime() - 2 * 60_000),
  });
  const ctx = {
    crm: i.crm(),
    tenant: i.tenant,
    role: 'member' as const,
    focus: null,
    today: '',
    clock: i.clock,
    logger: i.logger,
    messageId: i.turn.messageId,
  };
  const started = i.clock.now().getTime();
  const run = async (tool: ToolDefinition, args: Record<string, unknown>, index: number, action: string) => {
    const digest = await argsDigest(tool.name, args);
    const { outcome, reused } = await executeTool({ ctx, journal }, tool, args, digest, index);
    const row: AuditEntry = {
      messageId: i.turn.messageId,
      actor: i.senderId,
      action,
      targetEntity: entity,
      targetId: record.id,
      argsDigest: digest,
      result: reused ? 'reused' : outcome.ok ? 'ok' : 'error',
      latencyMs: i.clock.now().getTime() - started,
    };
    return row;
  };
  const text = i.text?.trim() ?? '';
  const team = await recipients(i, record);
  const notice = (kind: 'message' | 'stop' | 'start') =>
    team.map((chatId) => ({
      chatId,
      body: leadReplyNotice(i.tenant.locale, kind, {
        name,
        entity,
        phone: phoneOfChatId(i.senderId),
        text: text || `(${i.kind})`,
      }),
    }));
  const consent = consentOf(record);
  if (text && isStop(text)) {
    if (consent === 'opted_out') return { outcome: 'lead_opt_out_repeat', audit: [], replies: [] };
    const row = await run(
      recordOwnConsent,
      { entity, id: record.id, consent: 'opted_out' },
      0,
      'lead_opt_out',
    );
    return {
      outcome: 'lead_opt_out',
      audit: [row],
      replies: [{ chatId: i.senderId, body: pick(fixedReplies.optedOut, i.lang) }, ...notice('stop')],
    };
  }
  if (text && isStart(text) && consent !== 'granted') {
    const row = await run(recordOwnConsent, { entity, id: record.id, consent: 'granted' }, 0, 'lead_opt_in');
    return {
      outcome: 'lead_opt_in',
      audit: [row],
      replies: [{ chatId: i.senderId, body: personOptedIn(i.lang) }, ...notice('start')],
    };
  }
  const row = await run(
    recordLeadMessage,
    { entity, id: record.id, text: (text || `(${i.kind})`).slice(0, 4000) },
    1,
    'lead_reply',
  );
  i.logger.info('lead_reply.routed', { entity, recordId: record.id, notified: team.length });
  return {
    outcome: 'lead_reply',
    audit: [{ ...row, detail: { notified: team.length } }],
    replies: notice('message'),
  };
}

async function findPerson(i: LeadReplyInput): Promise<Person | null> {
  const phone = phoneOfChatId(i.senderId);
  let crm: CrmClient;
  try {
    crm = i.crm();
  } catch (e) {
    // No CRM configured for this tenant: no lead can be recognised.
    i.logger.debug('lead_reply.no_crm', describeError(e));
    return null;
  }
  for (const entity of PERSON_ENTITIES) {
    try {
      const r = await crm.list(entity, {
        where: [{ type: 'equals', attribute: 'phoneNumber', value: phone }],
        select: ['id', 'name'],
        orderBy: 'createdAt',
        order: 'asc',
        maxSize: 1,
      });
      const hit = r.list[0];
      if (hit) return { entity, record: await crm.get(entity, hit.id) };
    } catch (e) {
      // An outage is retried by the turn; a refusal (no access to the entity) is no match.
      if (!isAppError(e) || e.retryable) throw e;
      i.logger.debug('lead_reply.lookup_refused', { entity, ...describeError(e) });
    }
  }
  return null;
}

/** The record's assigned team member when their number is on the team, else the admins. */
async function recipients(i: LeadReplyInput, record: CrmRecord): Promise<string[]> {
  const team = (await i.store.teamChats?.(i.tenant.id)) ?? [];
  const owner = typeof record.assignedUserId === 'string' ? await ownerChat(i, record.assignedUserId) : null;
  if (owner && team.some((m) => m.chatId === owner)) return [owner];
  return team.filter((m) => m.role === 'admin').map((m) => m.chatId);
}

async function ownerChat(i: LeadReplyInput, userId: string): Promise<string | null> {
  try {
    const user = await i.crm().get('User', userId);
    return chatIdOfPhone(user.phoneNumber, i.tenant.defaultCountry);
  } catch (e) {
    if (isAppError(e) && e.retryable) throw e;
    return null;
  }
}
