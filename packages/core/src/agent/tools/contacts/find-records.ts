import type { WhereClause } from '../../../crm/port.ts';
import { entitySpec } from '../../entities/specs.ts';
import { toSummary } from '../../entities/summary.ts';
import type { ToolContext, ToolOutcome } from '../../types.ts';

/** Most recent first; a bigger total is said in the reply ("12 found, the 10 most recent"). */
export const FOUND_MAX = 10;

/** One search of an entity, rendered by the generic "found" reply; a single hit becomes the focus. */
export async function findRecords(
  ctx: ToolContext,
  entity: string,
  q: { where: WhereClause[]; textFilter?: string },
): Promise<ToolOutcome> {
  const res = await ctx.crm.list(entity, {
    ...(q.where.length ? { where: q.where } : {}),
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
