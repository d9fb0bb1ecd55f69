import { z } from 'zod';
import { defineTool } from './define-tool.ts';

const ENTITIES = ['Lead', 'Contact', 'Account', 'Opportunity', 'Task'] as const;

export const createCustomField = defineTool({
  name: 'create_custom_field',
  family: 'admin',
  description: 'Admin: add a custom field to a CRM entity (EspoCRM stores "budget" as "cBudget").',
  parameters: z.object({
    entity: z.enum(ENTITIES),
    name: z.string().regex(/^[a-z][a-zA-Z0-9]{1,49}$/, 'lowerCamelCase letters and digits'),
    type: z.enum(['varchar', 'text', 'int', 'float', 'bool', 'date', 'enum', 'multiEnum', 'currency', 'url']),
    label: z.string().min(1).max(100),
    options: z.array(z.string().max(100)).max(50).optional(),
  }),
  access: 'admin',
  confirm: true,
  writes: true,
  changesSchema: true,
  async run(ctx, a) {
    if ((a.type === 'enum' || a.type === 'multiEnum') && !a.options?.length) {
      return { ok: false, kind: 'invalid', field: 'options', reason: 'required_for_enum' };
    }
    const def = { name: a.name, type: a.type, label: a.label, ...(a.options ? { options: a.options } : {}) };
    const res = await ctx.crm.createField(a.entity, def);
    return {
      ok: true,
      kind: 'admin',
      records: [],
      detail: { action: 'field', entity: a.entity, field: res.name, created: res.created },
    };
  },
});
