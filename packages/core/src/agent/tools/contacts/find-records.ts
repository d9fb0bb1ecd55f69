import type { WhereClause } from '../../../crm/port.ts';
import { phoneForSearch } from '../../entities/phone-query.ts';
import { entitySpec } from '../../entities/specs.ts';
import { toSummary } from '../../entities/summary.ts';
import { targetOfRef } from '../../entities/target.ts';
import type { ToolContext, ToolOutcome } from '../../types.ts';

/** Most recent first; a bigger total is said in the reply ("12 found, the 10 most recent"). */
export const FOUND_MAX = 10;

/**
 * A free query: on an entity with e-mail/phone (see specs) an e-mail or a phone is matched exactly
 * (phones as stored, E.164); anything else goes through EspoCRM's text filter.
 */
function queryWhere(ctx: ToolContext, entity: string, query: string | undefined) {
  const spec = entitySpec(entity);
  const t = targetOfRef(query);
  if (t.emailAddress && spec?.email)
    return { where: [{ type: 'equals', attribute: 'emailAddress', value: t.emailAddress }] as WhereClause[] };
  if (t.phoneNumber && spec?.phone)
    return {
      where: [
        { type: 'equals', attribute: 'phoneNumber', value: phoneForSearch(ctx, t.phoneNumber) },
      ] as WhereClause[],
    };
  if (t.id) return { where: [{ type: 'equals', attribute: 'id', value: t.id }] as WhereClause[] };
  const text = query?.trim();
  return text ? { where: [] as WhereClause[], textFilter: text } : { where: [] as WhereClause[] };
}

/** One search of an entity, rendered by the generic "found" reply; a single hit becomes the focus. */
export async function findRecords(
  ctx: ToolContext,
  entity: string,
  filters: WhereClause[],
  query?: string,
): Promise<ToolOutcome> {
  const q = queryWhere(ctx, entity, query);
  const where = [...filters, ...q.where];
  const res = await ctx.crm.list(entity, {
    ...(where.length ? { where } : {}),
    ...(q.textFilter ? { textFilter: q.textFilter } : {}),
    select: entitySpec(entity)?.select ?? ['id', 'name'],
    orderBy: 'createdAt',
    order: 'desc',
    maxSize: FOUND_MAX,
  });
  const records = res.list.map((r) => toSummary(entity, r));
  const only = records.length === 1 ? records[0] : undefined;
  return {
    ok: true,
    kind: 'found',
    entity,
    records,
    detail: { total: res.total },
    ...(only ? { focus: { entity, id: only.id, name: only.name } } : {}),
  };
}
