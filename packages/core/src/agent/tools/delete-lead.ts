import { z } from 'zod';
import { defineTool } from './define-tool.ts';
import { leadTargetSchema } from './lead-target.ts';
import { withLead } from './with-lead.ts';

export const deleteLead = defineTool({
  name: 'delete_lead',
  family: 'leads',
  description: 'Admin: delete one lead (asks for confirmation first).',
  parameters: z.object({ target: leadTargetSchema }),
  access: 'admin',
  confirm: true,
  writes: true,
  async run(ctx, a) {
    return withLead(ctx, a.target, async (lead) => {
      await ctx.crm.delete('Lead', lead.id);
      return { ok: true, kind: 'deleted', records: [lead], focus: null };
    });
  },
});
