import type { WhereClause } from '../../../crm/port.ts';
import { phoneForSearch } from '../../entities/phone-query.ts';
import { entitySpec } from '../../entities/specs.ts';
import { type RecordSummary, toSummary } from '../../entities/summary.ts';
import { type RecordTarget, resolveRecord, type TargetResolution } from '../../entities/target.ts';
import type { ToolContext } from '../../types.ts';

/**
 * Records people name by whose they are rather than by their own name: "le diagnostic de Dupont",
 * "la mission de Boulangerie Dupont", "la tâche de Dupont". An owner is a record of another entity
 * whose id the owned record holds (MissionMAX.accountId, Task.parentId…).
 */
export interface OwnedSpec {
  entity: string;
  owners: Array<{ entity: string; attribute: string }>;
  /** Always applied (e.g. only open tasks). */
  where?: WhereClause[];
}

const MAX = 6;

const isEmpty = (t: RecordTarget) => !Object.values(t).some(Boolean);

async function list(ctx: ToolContext, entity: string, where: WhereClause[], maxSize = MAX) {
  const res = await ctx.crm.list(entity, {
    where,
    select: entitySpec(entity)?.select ?? ['id', 'name', 'createdAt'],
    orderBy: 'createdAt',
    order: 'desc',
    maxSize,
  });
  return { total: res.total, records: res.list.map((r) => toSummary(entity, r)) };
}

/** Ids of the records of `entity` a target names (every match: they may all own one). */
async function ownerIds(ctx: ToolContext, entity: string, target: RecordTarget): Promise<string[]> {
  const spec = entitySpec(entity);
  let q: { where?: WhereClause[]; textFilter?: string };
  if (target.id) {
    // Read through the tenant's client: another tenant's record (shared mode) is not found.
    const r = await resolveRecord(ctx, entity, { id: target.id });
    return r.kind === 'one' ? [r.record.id] : [];
  }
  if (target.emailAddress) {
    if (!spec?.email) return [];
    q = { where: [{ type: 'equals', attribute: 'emailAddress', value: target.emailAddress.trim() }] };
  } else if (target.phoneNumber) {
    if (!spec?.phone) return [];
    q = {
      where: [{ type: 'equals', attribute: 'phoneNumber', value: phoneForSearch(ctx, target.phoneNumber) }],
    };
  } else if (target.name) q = { textFilter: target.name.trim() };
  else return [];
  const res = await ctx.crm.list(entity, { ...q, select: ['id'], maxSize: MAX });
  return res.list.map((r) => r.id);
}

/** The records owned by the given owners (most recent first), with the spec's own filter. */
async function ownedBy(
  ctx: ToolContext,
  spec: OwnedSpec,
  owners: Array<{ attribute: string; ids: string[] }>,
  maxSize = MAX,
) {
  const clauses: WhereClause[] = owners
    .filter((o) => o.ids.length)
    .map((o) => ({ type: 'in', attribute: o.attribute, value: o.ids }));
  if (!clauses.length) return { total: 0, records: [] as RecordSummary[] };
  const byOwner = clauses.length === 1 ? clauses[0]! : ({ type: 'or', value: clauses } as WhereClause);
  return list(ctx, spec.entity, [...(spec.where ?? []), byOwner], maxSize);
}

/**
 * Every record a target can mean: by its own name first (contains, so "Dupont" finds "Mission MAX –
 * Boulangerie Dupont"), then as the records of the leads/accounts/… that the target names. An empty
 * target means the record in focus, or the records of the owner in focus.
 */
export async function findOwned(
  ctx: ToolContext,
  spec: OwnedSpec,
  target: RecordTarget,
  maxSize = MAX,
): Promise<{ total: number; records: RecordSummary[]; what: string }> {
  if (isEmpty(target)) {
    const focus = ctx.focus;
    const owner = focus && spec.owners.filter((o) => o.entity === focus.entity);
    if (focus && owner?.length) {
      const r = await ownedBy(
        ctx,
        spec,
        owner.map((o) => ({ attribute: o.attribute, ids: [focus.id] })),
        maxSize,
      );
      return { ...r, what: focus.name ?? focus.id };
    }
    return { total: 0, records: [], what: '' };
  }
  const what = target.name ?? target.emailAddress ?? target.phoneNumber ?? target.id ?? '';
  if (target.name) {
    const own = await list(
      ctx,
      spec.entity,
      [...(spec.where ?? []), { type: 'contains', attribute: 'name', value: target.name.trim() }],
      maxSize,
    );
    if (own.records.length) return { ...own, what };
  }
  const owners: Array<{ attribute: string; ids: string[] }> = [];
  for (const o of spec.owners)
    owners.push({ attribute: o.attribute, ids: await ownerIds(ctx, o.entity, target) });
  return { ...(await ownedBy(ctx, spec, owners, maxSize)), what };
}

/** The one record a target means (see findOwned); by id or focus like any record. */
export async function resolveOwned(
  ctx: ToolContext,
  spec: OwnedSpec,
  target: RecordTarget,
): Promise<TargetResolution> {
  if (target.id || (isEmpty(target) && ctx.focus?.entity === spec.entity))
    return resolveRecord(ctx, spec.entity, target);
  const found = await findOwned(ctx, spec, target);
  if (!found.records.length) return { kind: 'none', what: found.what };
  if (found.records.length === 1) return { kind: 'one', record: found.records[0]! };
  // An exact name among several wins ("Appeler Dupont" vs "Appeler Dupont pour le devis").
  const exact = found.records.filter((r) => r.name?.toLowerCase() === target.name?.trim().toLowerCase());
  if (exact.length === 1) return { kind: 'one', record: exact[0]! };
  return { kind: 'many', candidates: found.records.slice(0, 5) };
}
