import { z } from 'zod';
import type { ListQuery } from '../../../crm/port.ts';
import { entitySpec } from '../../entities/specs.ts';
import { type RecordSummary, toSummary } from '../../entities/summary.ts';
import type { ToolContext } from '../../types.ts';
import { defineTool } from '../define-tool.ts';
import { QUALITY_CHECKS, QUALITY_ENTITIES, type QualityEntity, usedWhere } from './quality-checks.ts';

/** Examples shown per check, and custom fields checked per report: the reply and its cost stay bounded. */
const EXAMPLES = 3;
const MAX_FIELDS_CHECKED = 40;
/** The tenant column of shared mode (and of infra's install): data about tenants, not a business field. */
const TENANT_FIELD = 'cTenantId';

/** A count (EspoCRM's total) and the newest few records matching. */
const count = (ctx: ToolContext, entity: string, q: ListQuery) =>
  ctx.crm.list(entity, { ...q, orderBy: 'createdAt', order: 'desc' });

export const dataQualityReport = defineTool({
  name: 'data_quality_report',
  family: 'maintenance',
  description:
    'Data quality: records missing key fields (counts, examples) and custom fields no record uses.',
  parameters: z.object({ entity: z.enum(QUALITY_ENTITIES).optional() }),
  access: 'member',
  confirm: false,
  writes: false,
  async run(ctx, a) {
    const entities: QualityEntity[] = a.entity ? [a.entity] : [...QUALITY_ENTITIES];
    const examples = new Map<string, RecordSummary>();
    const totals: Record<string, number> = {};
    const checks: Array<{ entity: string; check: string; count: number; ids: string[] }> = [];
    const unused: Array<{ entity: string; field: string }> = [];
    let fieldsChecked = 0;
    let fieldsSkipped = 0;
    for (const entity of entities) {
      const select = entitySpec(entity)?.select ?? ['id', 'name'];
      const [all, ...found] = await Promise.all([
        count(ctx, entity, { select: ['id'], maxSize: 1 }),
        ...QUALITY_CHECKS[entity].map((c) =>
          count(ctx, entity, { where: c.where, select, maxSize: EXAMPLES }),
        ),
      ]);
      totals[entity] = all!.total;
      QUALITY_CHECKS[entity].forEach((c, i) => {
        const res = found[i]!;
        if (res.total <= 0) return;
        for (const r of res.list) examples.set(r.id, toSummary(entity, r));
        checks.push({ entity, check: c.key, count: res.total, ids: res.list.map((r) => r.id) });
      });
      // An entity without records has every field unused: nothing worth saying.
      if (all!.total === 0) continue;
      const fields = await ctx.crm.fields(entity);
      const custom = Object.entries(fields).filter(
        ([name, def]) => def.isCustom && name !== TENANT_FIELD && name !== ctx.tenant.crmTenantField,
      );
      for (const [name, def] of custom) {
        const where = usedWhere(name, def);
        if (!where || fieldsChecked >= MAX_FIELDS_CHECKED) {
          fieldsSkipped++;
          continue;
        }
        fieldsChecked++;
        const used = await count(ctx, entity, { where, select: ['id'], maxSize: 1 });
        if (used.total === 0) unused.push({ entity, field: name });
      }
    }
    return {
      ok: true,
      kind: 'quality',
      entity: a.entity ?? 'Lead',
      records: [...examples.values()],
      detail: { totals, checks, unused, fieldsChecked, fieldsSkipped },
    };
  },
});
