import { z } from 'zod';
import type { CrmRecord, WhereClause } from '../../crm/port.ts';
import { isAppError } from '../../shared/errors.ts';
import { type LeadSummary, type ToolContext, toLeadSummary } from '../types.ts';
import { phoneForSearch } from './phone-query.ts';

/** Which lead a command is about. An empty object means "the lead this conversation is about". */
export const leadTargetSchema = z
  .object({
    id: z.string().min(1).max(40).optional(),
    emailAddress: z.string().max(254).optional(),
    phoneNumber: z.string().max(40).optional(),
    name: z.string().max(200).optional(),
  })
  .describe('Which lead: id, email, phone or name; {} = the lead discussed just before');

export type LeadTarget = z.infer<typeof leadTargetSchema>;

export type TargetResolution =
  | { kind: 'one'; record: LeadSummary }
  | { kind: 'many'; candidates: LeadSummary[] }
  | { kind: 'none'; what: string };

const SELECT = [
  'id',
  'name',
  'firstName',
  'lastName',
  'emailAddress',
  'phoneNumber',
  'accountName',
  'status',
];

async function byId(ctx: ToolContext, id: string): Promise<CrmRecord | null> {
  try {
    return await ctx.crm.get('Lead', id);
  } catch (e) {
    if (isAppError(e) && e.code === 'not_found') return null;
    throw e;
  }
}

async function search(ctx: ToolContext, where: WhereClause[] | undefined, textFilter?: string) {
  const res = await ctx.crm.list('Lead', {
    ...(where ? { where } : {}),
    ...(textFilter ? { textFilter } : {}),
    select: SELECT,
    maxSize: 6,
    orderBy: 'createdAt',
    order: 'desc',
  });
  return res.list.map(toLeadSummary);
}

export async function resolveLead(ctx: ToolContext, target: LeadTarget): Promise<TargetResolution> {
  if (target.id) {
    const r = await byId(ctx, target.id);
    return r ? { kind: 'one', record: toLeadSummary(r) } : { kind: 'none', what: target.id };
  }
  let found: LeadSummary[] | null = null;
  let what = '';
  if (target.emailAddress) {
    what = target.emailAddress;
    found = await search(ctx, [
      { type: 'equals', attribute: 'emailAddress', value: target.emailAddress.trim() },
    ]);
  } else if (target.phoneNumber) {
    what = target.phoneNumber;
    found = await search(ctx, [
      { type: 'equals', attribute: 'phoneNumber', value: phoneForSearch(ctx, target.phoneNumber) },
    ]);
  } else if (target.name) {
    what = target.name;
    found = await search(ctx, undefined, target.name.trim());
    // An exact full-name match wins over partial ones ("Marie Dupont" vs "Marie Dupont-Moreau").
    const exact = found.filter((l) => l.name?.toLowerCase() === target.name?.trim().toLowerCase());
    if (exact.length === 1) found = exact;
  } else if (ctx.focus && ctx.focus.entity === 'Lead') {
    const r = await byId(ctx, ctx.focus.id);
    return r
      ? { kind: 'one', record: toLeadSummary(r) }
      : { kind: 'none', what: ctx.focus.name ?? ctx.focus.id };
  } else {
    return { kind: 'none', what: '' };
  }
  if (found.length === 0) return { kind: 'none', what };
  if (found.length === 1) return { kind: 'one', record: found[0]! };
  return { kind: 'many', candidates: found.slice(0, 5) };
}
