import { z } from 'zod';
import { resolveFieldName } from '../../crm/field-name.ts';
import { defineTool } from './define-tool.ts';

export const addFieldToLayout = defineTool({
  name: 'add_field_to_layout',
  family: 'admin',
  description: 'Admin: show a field on the detail and/or list layout of an entity (once).',
  parameters: z.object({
    entity: z.enum(['Lead', 'Contact', 'Account', 'Opportunity', 'Task']),
    field: z.string().min(1).max(60),
    layouts: z
      .array(z.enum(['detail', 'list']))
      .min(1)
      .max(2)
      .optional(),
  }),
  access: 'admin',
  confirm: true,
  writes: true,
  changesSchema: true,
  async run(ctx, a) {
    const name = resolveFieldName(await ctx.crm.fields(a.entity), a.field);
    if (!name) return { ok: false, kind: 'invalid', field: a.field, reason: 'unknown_field' };
    const res = await ctx.crm.addFieldToLayouts(a.entity, name, a.layouts ?? ['detail', 'list']);
    return {
      ok: true,
      kind: 'admin',
      records: [],
      detail: { action: 'layout', entity: a.entity, field: name, changed: res.changed },
    };
  },
});
