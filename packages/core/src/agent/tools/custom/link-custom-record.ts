import { z } from 'zod';
import { toSummary } from '../../entities/summary.ts';
import { recordTargetSchema } from '../../entities/target.ts';
import { resolveOwned } from '../activities/owned-records.ts';
import { customEntitySchema, OWNED, ownerAttribute } from './custom-entities.ts';
import { defineCustomTool } from './define-custom-tool.ts';
import { ownerEntitySchema, resolveOwner } from './owner.ts';

export const linkCustomRecord = defineCustomTool({
  name: 'link_custom_record',
  family: 'custom',
  description: 'Attach a DiagnosticIA or MissionMAX record to a lead or account.',
  parameters: z.object({
    entity: customEntitySchema,
    target: recordTargetSchema,
    to: recordTargetSchema,
    owner: ownerEntitySchema,
  }),
  access: 'member',
  confirm: false,
  writes: true,
  async run(ctx, a) {
    const found = await resolveOwned(ctx, OWNED[a.entity], a.target);
    if (found.kind === 'none') return { ok: false, kind: 'not_found', what: found.what, entity: a.entity };
    if (found.kind === 'many')
      return { ok: false, kind: 'ambiguous', candidates: found.candidates, entity: a.entity };
    // Resolved through the tenant's own client: in shared mode another tenant's lead is not found.
    const owner = await resolveOwner(ctx, a.to, a.owner);
    if (!owner) return { ok: false, kind: 'not_found', what: '', entity: a.owner ?? 'Account' };
    if (!owner.ok) return owner;
    const updated = await ctx.crm.update(a.entity, found.record.id, {
      [ownerAttribute(owner.entity)]: owner.record.id,
    });
    const record = {
      ...toSummary(a.entity, updated),
      name: (updated.name as string | null) ?? found.record.name,
    };
    return {
      ok: true,
      kind: 'linked',
      entity: a.entity,
      records: [record, owner.record],
      detail: { owner: owner.entity },
      focus: { entity: a.entity, id: record.id, name: record.name },
    };
  },
});
