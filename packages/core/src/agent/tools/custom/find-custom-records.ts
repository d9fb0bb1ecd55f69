import { z } from 'zod';
import type { WhereClause } from '../../../crm/port.ts';
import { matchField, settableFields } from '../../entities/field-labels.ts';
import { entitySpec } from '../../entities/specs.ts';
import { toSummary } from '../../entities/summary.ts';
import { recordTargetSchema } from '../../entities/target.ts';
import type { ToolContext } from '../../types.ts';
import { findOwned } from '../activities/owned-records.ts';
import { customEntitySchema, OWNED } from './custom-entities.ts';
import { defineCustomTool } from './define-custom-tool.ts';
import { checkFieldValue } from './field-values.ts';

const MAX = 10;

async function recent(ctx: ToolContext, entity: string, where: WhereClause[]) {
  const res = await ctx.crm.list(entity, {
    ...(where.length ? { where } : {}),
    select: entitySpec(entity)?.select ?? ['id', 'name'],
    orderBy: 'createdAt',
    order: 'desc',
    maxSize: MAX,
  });
  return { total: res.total, records: res.list.map((r) => toSummary(entity, r)) };
}

export const findCustomRecords = defineCustomTool({
  name: 'find_custom_records',
  family: 'custom',
  description:
    'Find DiagnosticIA or MissionMAX records, of a lead/account ({} = the one in focus) and/or by status.',
  parameters: z.object({
    entity: customEntitySchema,
    for: recordTargetSchema.optional(),
    status: z.string().max(40).optional(),
  }),
  access: 'member',
  confirm: false,
  writes: false,
  async run(ctx, a) {
    const where: WhereClause[] = [];
    if (a.status) {
      // By value or label ("en cours" → In Progress); a wrong one names the allowed statuses.
      const field = matchField(await settableFields(ctx, a.entity), 'status');
      if (field) {
        const checked = await checkFieldValue(ctx, field, a.status);
        if (!checked.ok) return checked;
        where.push({ type: 'equals', attribute: 'status', value: String(checked.data.status) });
      }
    }
    const target = a.for ?? {};
    // `for: {}` is the lead/account in focus; no `for` at all is every record.
    const about =
      a.for !== undefined &&
      (Object.values(target).some(Boolean) ||
        ctx.focus?.entity === 'Lead' ||
        ctx.focus?.entity === 'Account');
    const found = about
      ? await findOwned(ctx, { ...OWNED[a.entity], where }, target, MAX)
      : await recent(ctx, a.entity, where);
    const only = found.records.length === 1 ? found.records[0] : undefined;
    return {
      ok: true,
      kind: 'found',
      entity: a.entity,
      records: found.records,
      detail: { total: found.total },
      ...(only ? { focus: { entity: a.entity, id: only.id, name: only.name } } : {}),
    };
  },
});
