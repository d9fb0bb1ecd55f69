import { z } from 'zod';
import { entitySpec } from '../../entities/specs.ts';
import { toSummary } from '../../entities/summary.ts';
import { recordTargetSchema } from '../../entities/target.ts';
import { customEntitySchema, ownerAttribute } from './custom-entities.ts';
import { defineCustomTool } from './define-custom-tool.ts';
import { ownerEntitySchema, resolveOwner } from './owner.ts';
import { resolveChanges } from './resolve-changes.ts';

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export const createCustomRecord = defineCustomTool({
  name: 'create_custom_record',
  family: 'custom',
  description:
    'Create a DiagnosticIA (AI diagnostic: score 0-100, summary) or MissionMAX (budget, startDate, endDate) for a lead/account.',
  parameters: z.object({
    entity: customEntitySchema,
    for: recordTargetSchema.optional(),
    owner: ownerEntitySchema,
    name: z.string().max(150).optional(),
    fields: z.record(z.string().max(60), z.union([z.string().max(2000), z.number(), z.boolean()])).optional(),
  }),
  access: 'member',
  confirm: false,
  writes: true,
  async run(ctx, a) {
    const owner = await resolveOwner(ctx, a.for, a.owner);
    if (owner && !owner.ok) return owner;
    const checked = await resolveChanges(ctx, a.entity, a.fields ?? {});
    if (!checked.ok) return checked;
    const label = entitySpec(a.entity)?.label[ctx.tenant.locale === 'fr' ? 'fr' : 'en'].one ?? a.entity;
    // A name that says whose it is: the list views show it, and "la mission de Dupont" finds it.
    const name = (a.name?.trim() || `${cap(label)} – ${owner?.record.name ?? ctx.today}`).slice(0, 150);
    const fields = await ctx.crm.fields(a.entity);
    const data: Record<string, unknown> = {
      ...checked.data,
      name,
      assignedUserId: await ctx.crm.currentUserId(),
      ...(owner ? { [ownerAttribute(owner.entity)]: owner.record.id } : {}),
    };
    // A diagnostic is dated the day it is made, unless the sender said otherwise.
    if (fields.date?.type === 'date' && data.date === undefined) data.date = ctx.today;
    const res = await ctx.crm.create(a.entity, data, { skipDuplicateCheck: true });
    const record = toSummary(a.entity, res.record);
    return {
      ok: true,
      kind: 'custom_created',
      entity: a.entity,
      records: owner ? [record, owner.record] : [record],
      detail: {
        fields: checked.shown,
        ...(owner ? { owner: { entity: owner.entity, id: owner.record.id, name: owner.record.name } } : {}),
      },
      focus: { entity: a.entity, id: record.id, name: record.name },
    };
  },
});
