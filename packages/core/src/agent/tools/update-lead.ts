import { z } from 'zod';
import { toLeadSummary } from '../entities/summary.ts';
import { defineTool } from './define-tool.ts';
import { leadTargetSchema } from './lead-target.ts';
import { validateFields } from './validate-fields.ts';
import { withLead } from './with-lead.ts';

export const updateLead = defineTool({
  name: 'update_lead',
  family: 'leads',
  description: 'Change fields of one lead (custom fields by name). Asks which lead when ambiguous.',
  parameters: z.object({
    target: leadTargetSchema,
    changes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  }),
  access: 'member',
  confirm: false,
  writes: true,
  async run(ctx, args) {
    if (Object.keys(args.changes).length === 0)
      return { ok: false, kind: 'invalid', field: 'changes', reason: 'empty' };
    const checked = await validateFields(ctx, 'Lead', args.changes);
    if (!checked.ok) return checked;
    return withLead(ctx, args.target, async (lead) => {
      const updated = toLeadSummary(await ctx.crm.update('Lead', lead.id, checked.data));
      return {
        ok: true,
        kind: 'updated',
        records: [{ ...updated, name: updated.name ?? lead.name }],
        detail: { changes: checked.data },
        focus: { entity: 'Lead', id: lead.id, name: updated.name ?? lead.name },
      };
    });
  },
});
