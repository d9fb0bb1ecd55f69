import { z } from 'zod';
import { isRecordId } from '../../crm/espo/ids.ts';
import type { CrmRecord, WhereClause } from '../../crm/port.ts';
import { isAppError } from '../../shared/errors.ts';
import type { ToolContext, ToolOutcome } from '../types.ts';
import { phoneForSearch } from './phone-query.ts';
import { entitySpec } from './specs.ts';
import { type RecordSummary, toSummary } from './summary.ts';

const targetObject = z.object({
  id: z.string().min(1).max(40).optional(),
  emailAddress: z.string().max(254).optional(),
  phoneNumber: z.string().max(40).optional(),
  name: z.string().max(200).optional(),
});

const PHONE_LIKE = /^\+?[\d\s.()/-]{6,30}$/;

/**
 * A record named in one string, as people and models write it ("Boulangerie Dupont",
 * "marie@x.fr", "06 12 34 56 78", an id copied from a reply). Empty: the record in focus.
 */
export function targetOfRef(ref: string | undefined): z.infer<typeof targetObject> {
  const s = (ref ?? '').trim();
  if (!s) return {};
  const asId: unknown = s; // (isRecordId narrows a string to never when false)
  if (isRecordId(asId)) return { id: asId };
  if (/^[^\s@]+@[^\s@]+$/.test(s)) return { emailAddress: s };
  if (PHONE_LIKE.test(s) && (s.match(/\d/g)?.length ?? 0) >= 6) return { phoneNumber: s };
  return { name: s };
}

const REF_SCHEMAS = new WeakSet<object>();

/**
 * Which record a command is about: the rules engine passes the object, a model one string (see
 * `targetOfRef`), which is all it is shown of it (a few tokens instead of an object on every tool
 * that names a record). An empty object or string means "the record this conversation is about".
 */
export const recordTargetSchema = z.preprocess(
  (v) => (typeof v === 'string' ? targetOfRef(v) : v),
  targetObject,
);
REF_SCHEMAS.add(recordTargetSchema);

/** What a model is shown of a record target (see registry.ts toModelSpec). */
export const RECORD_REF_JSON_SCHEMA = {
  type: 'string',
  description: 'id, email, phone or name; "" = the one discussed just before',
} as const;

export const isRecordTargetSchema = (s: unknown): boolean =>
  typeof s === 'object' && s !== null && REF_SCHEMAS.has(s);

export type RecordTarget = z.infer<typeof recordTargetSchema>;

export type TargetResolution =
  | { kind: 'one'; record: RecordSummary }
  | { kind: 'many'; candidates: RecordSummary[] }
  | { kind: 'none'; what: string };

/** One record by id through the tenant's client; null when it is not there (or not this tenant's). */
export async function byId(ctx: ToolContext, entity: string, id: string): Promise<CrmRecord | null> {
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

/** Whether records of `entity` carry `attribute` (an entity MAX has no spec for is asked anyway). */
const hasAttribute = (entity: string, attribute: 'emailAddress' | 'phoneNumber') => {
  const spec = entitySpec(entity);
  return !spec || Boolean(attribute === 'emailAddress' ? spec.email : spec.phone);
};

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
    // An entity without e-mail (an opportunity) has no record with this one: asking EspoCRM
    // would be a 400 (unknown attribute), reported as a refusal instead of "not found".
    if (!hasAttribute(entity, 'emailAddress')) return { kind: 'none', what };
    found = await search(ctx, entity, {
      where: [{ type: 'equals', attribute: 'emailAddress', value: what.trim() }],
    });
  } else if (target.phoneNumber) {
    what = target.phoneNumber;
    if (!hasAttribute(entity, 'phoneNumber')) return { kind: 'none', what };
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
