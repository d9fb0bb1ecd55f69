import { espoDateTime } from '../../../crm/espo/where.ts';
import type { CrmRecord, WhereClause } from '../../../crm/port.ts';
import { entitySpec } from '../../entities/specs.ts';
import type { ToolContext } from '../../types.ts';

export interface CreatedOnce {
  record: CrmRecord;
  /** `exists`: the tenant already had it (nothing written); `created`: this call made it. */
  kind: 'created' | 'exists';
}

/** On a retry, the record this very call made before its answer was lost is "created", not "exists". */
export const oursOnRetry = (ctx: ToolContext, r: CrmRecord) =>
  Boolean(ctx.retryOf && String(r.createdAt ?? '') >= espoDateTime(ctx.retryOf.since));

/**
 * Looks before writing: a record of the tenant matching `same` (any clause) is returned instead of a
 * new one (EspoCRM's own duplicate check ignores phones and, in shared mode, knows no tenant). The
 * create goes through the CRM client, which adds the tenant value and never hands back another
 * tenant's record from a 409.
 */
export async function createOnce(
  ctx: ToolContext,
  entity: string,
  data: Record<string, unknown>,
  same: WhereClause[],
): Promise<CreatedOnce> {
  if (same.length) {
    const found = await ctx.crm.list(entity, {
      where: same.length === 1 ? same : [{ type: 'or', value: same }],
      select: entitySpec(entity)?.select ?? ['id', 'name', 'createdAt'],
      orderBy: 'createdAt',
      order: 'desc',
      maxSize: 1,
    });
    const hit = found.list[0];
    if (hit) return { record: hit, kind: oursOnRetry(ctx, hit) ? 'created' : 'exists' };
  }
  const res = await ctx.crm.create(entity, data);
  return {
    record: res.record,
    kind: res.duplicate && !oursOnRetry(ctx, res.record) ? 'exists' : 'created',
  };
}

/** Equality clauses for the identifying values that are present (strings only). */
export function sameWhere(data: Record<string, unknown>, groups: string[][]): WhereClause[] {
  const out: WhereClause[] = [];
  for (const group of groups) {
    const present = group.filter((k) => typeof data[k] === 'string' && data[k] !== '');
    if (present.length !== group.length) continue;
    const clauses: WhereClause[] = present.map((k) => ({
      type: 'equals',
      attribute: k,
      value: String(data[k]),
    }));
    out.push(clauses.length === 1 ? clauses[0]! : { type: 'and', value: clauses });
  }
  return out;
}
