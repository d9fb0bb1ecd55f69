import { z } from 'zod';
import { defineTool } from './define-tool.ts';
import { leadTargetSchema } from './lead-target.ts';
import { validateFields } from './validate-fields.ts';
import { withLead } from './with-lead.ts';

export const changeStatus = defineTool({
  name: 'change_status',
  family: 'leads',
  description: "Set a lead's status (one of the CRM's status options).",
  parameters: z.object({ target: leadTargetSchema, status: z.string().min(1).max(40) }),
  access: 'member',
  confirm: false,
  writes: true,
  async run(ctx, args) {
    const checked = await validateFields(ctx, 'Lead', { status: args.status });
    if (!checked.ok) return checked;
    return withLead(ctx, args.target, async (lead) => {
      const updated = await ctx.crm.update('Lead', lead.id, checked.data);
      const status = (updated.status as string | undefined) ?? (checked.data.status as string);
      return {
        ok: true,
        kind: 'status',
        records: [{ ...lead, status }],
        detail: { from: lead.status ?? null, to: status },
        focus: { entity: 'Lead', id: lead.id, name: lead.name },
      };
    });
  },
});
