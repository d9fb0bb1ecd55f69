import { espoDateTime } from '../../../crm/espo/where.ts';
import type { CrmRecord } from '../../../crm/port.ts';
import { isAppError } from '../../../shared/errors.ts';
import { type RecordSummary, toSummary } from '../../entities/summary.ts';
import type { ToolContext, ToolOutcome } from '../../types.ts';

const CREATED = [
  ['Contact', 'createdContactId'],
  ['Account', 'createdAccountId'],
  ['Opportunity', 'createdOpportunityId'],
] as const;

/** A converted lead carries the ids of what its conversion created. */
export const wasConverted = (lead: CrmRecord) =>
  lead.status === 'Converted' && CREATED.some(([, key]) => typeof lead[key] === 'string' && lead[key]);

/** On a retry, a conversion applied since the message arrived is this call's own (its answer was lost). */
export const convertedByThisCall = (ctx: ToolContext, lead: CrmRecord) =>
  Boolean(ctx.retryOf && String(lead.modifiedAt ?? '') >= espoDateTime(ctx.retryOf.since));

async function read(ctx: ToolContext, entity: string, id: string): Promise<RecordSummary | null> {
  try {
    return toSummary(entity, await ctx.crm.get(entity, id));
  } catch (e) {
    // Deleted since (or, in shared mode, not the tenant's): named by nothing.
    if (isAppError(e) && e.code === 'not_found') return null;
    throw e;
  }
}

/**
 * The reply's facts: what the CRM says the conversion created (read back by id, so names and ids are
 * the CRM's) and which existing records it used.
 */
export async function conversionOutcome(
  ctx: ToolContext,
  lead: RecordSummary,
  converted: CrmRecord,
  kind: 'converted' | 'already_converted',
  extra: { reused?: Partial<Record<'Account' | 'Contact', RecordSummary>>; defaultCloseDate?: boolean } = {},
): Promise<ToolOutcome> {
  const created: Record<string, RecordSummary> = {};
  for (const [entity, key] of CREATED) {
    const id = converted[key];
    if (typeof id !== 'string' || !id) continue;
    const r = await read(ctx, entity, id);
    if (r) created[entity] = r;
  }
  const reused = extra.reused ?? {};
  const contact = created.Contact ?? reused.Contact;
  return {
    ok: true,
    kind,
    entity: 'Lead',
    records: [{ ...lead, status: 'Converted' }, ...Object.values(created), ...Object.values(reused)],
    detail: {
      created: Object.fromEntries(Object.entries(created).map(([e, r]) => [e, r.id])),
      reused: Object.fromEntries(Object.entries(reused).map(([e, r]) => [e, r.id])),
      ...(extra.defaultCloseDate ? { defaultCloseDate: true } : {}),
    },
    // What the conversation is about next: the person, now a contact.
    focus: contact
      ? { entity: 'Contact', id: contact.id, name: contact.name }
      : { entity: 'Lead', id: lead.id, name: lead.name },
  };
}
