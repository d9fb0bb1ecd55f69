import { z } from 'zod';
import { toSummary } from '../../entities/summary.ts';
import { createOnce, sameWhere } from '../contacts/create-once.ts';
import { defineTool } from '../define-tool.ts';
import { validateFields } from '../validate-fields.ts';

export const createAccount = defineTool({
  name: 'create_account',
  family: 'accounts',
  description: 'Create an account (a company). An existing one with the same name or email is returned.',
  parameters: z.object({
    name: z.string().trim().min(1).max(249),
    website: z.string().max(255).optional(),
    emailAddress: z.string().max(254).optional(),
    phoneNumber: z.string().max(40).optional(),
    industry: z.string().max(60).optional(),
    type: z.string().max(40).optional(),
    description: z.string().max(2000).optional(),
  }),
  access: 'member',
  confirm: false,
  writes: true,
  async run(ctx, args) {
    const { name, ...fields } = args;
    // `name` is a plain field of an account (validate-fields guards it for persons, where it is computed).
    const checked = await validateFields(ctx, 'Account', fields);
    if (!checked.ok) return checked;
    const data = { name, ...checked.data };
    // EspoCRM's rule for accounts (same name or e-mail), checked within the tenant.
    const made = await createOnce(ctx, 'Account', data, sameWhere(data, [['name'], ['emailAddress']]));
    const r = toSummary('Account', made.record);
    return {
      ok: true,
      kind: made.kind,
      entity: 'Account',
      records: [r],
      focus: { entity: 'Account', id: r.id, name: r.name },
    };
  },
});
