import { z } from 'zod';
import type { CrmRecord, WhereClause } from '../../crm/port.ts';
import { isAppError } from '../../shared/errors.ts';
import { phoneForSearch } from '../tools/phone-query.ts';
import type { ToolContext, ToolOutcome } from '../types.ts';
import { entitySpec } from './specs.ts';
import { type RecordSummary, toSummary } from './summary.ts';

/** Which record a command is about. An empty object means "the record this conversation is about". */
export const recordTargetSchema = z
  .object({
    id: z.string().min(1).max(40).optional(),
    emailAddress: z.string().max(254).optional(),
    phoneNumber: z.string().max(40).optional(),
    name: z.string().max(200).optional(),
  })
  .describe('Which record: id, email, phone or name; {} = the one discussed just before');

export type RecordTarget = z.infer<typeof recordTargetSchema>;

export type TargetResolution =
  | { kind: 'one'; record: RecordSummary }
  | { kind: 'many'; candidates: RecordSummary[] }
  | { kind: 'none'; what: string };

async function byId(ctx: ToolContext, entity: string, id: string): Promise<CrmRecord | null> {
  try {
    return await ctx.crm.get(entity, id);
  } catch (e) {
    if (isAppError(e) && e.code === 'not_found') return null;
    throw e;
  }
}

async function search(ctx: ToolContext, entity: string, q: { where?: WhereClause[]; textFilter?: string }) {
  const res = await ctx.crm.list(entity, {
    ...q,
    select: entitySpec(entity)?.select ?? ['id', 'name'],
    maxSize: 6,
    orderBy: 'createdAt',
    order: 'desc',
  });
  return res.list.map((r) => toSummary(entity, r));
}

/** Finds the one record a target names: by id, e-mail, phone, name, or the conversation's focus. */
export async function resolveRecord(
  ctx: ToolContext,
  entity: string,
  target: RecordTarget,
): Promise<TargetResolution> {
  if (target.id) {
    const r = await byId(ctx, entity, target.id);
    return r ? { kind: 'one', record: toSummary(entity, r) } : { kind: 'none', what: target.id };
  }
  let found: RecordSummary[];
  let what: string;
  if (target.emailAddress) {
    what = target.emailAddress;
    found = await search(ctx, entity, {
      where: [{ type: 'equals', attribute: 'emailAddress', value: what.trim() }],
    });
  } else if (target.phoneNumber) {
    what = target.phoneNumber;
    found = await search(ctx, entity, {
      where: [{ type: 'equals', attribute: 'phoneNumber', value: phoneForSearch(ctx, what) }],
    });
  } else if (target.name) {
    what = target.name;
    found = await search(ctx, entity, { textFilter: what.trim() });
    // An exact full-name match wins over partial ones ("Marie Dupont" vs "Marie Dupont-Moreau").
    const exact = found.filter((l) => l.name?.toLowerCase() === what.trim().toLowerCase());
    if (exact.length === 1) found = exact;
  } else if (ctx.focus && ctx.focus.entity === entity) {
    const r = await byId(ctx, entity, ctx.focus.id);
    return r
      ? { kind: 'one', record: toSummary(entity, r) }
      : { kind: 'none', what: ctx.focus.name ?? ctx.focus.id };
  } else {
    return { kind: 'none', what: '' };
  }
  if (found.length === 0) return { kind: 'none', what };
  if (found.length === 1) return { kind: 'one', record: found[0]! };
  return { kind: 'many', candidates: found.slice(0, 5) };
}

/** Resolves the target, then runs `fn` on exactly one record; ambiguity and absence become outcomes. */
export async function withRecord(
  ctx: ToolContext,
  entity: string,
  target: RecordTarget,
  fn: (record: RecordSummary) => Promise<ToolOutcome>,
): Promise<ToolOutcome> {
  const r = await resolveRecord(ctx, entity, target);
  if (r.kind === 'none') return { ok: false, kind: 'not_found', what: r.what, entity };
  if (r.kind === 'many') return { ok: false, kind: 'ambiguous', candidates: r.candidates, entity };
  return fn(r.record);
}
