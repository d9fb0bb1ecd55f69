import { z } from 'zod';
import { toSummary } from '../../entities/summary.ts';
import { createOnce, sameWhere } from '../contacts/create-once.ts';
import { defineTool } from '../define-tool.ts';
import { text } from '../links/record-ref.ts';
import { validateFields } from '../validate-fields.ts';

export const createAccount = defineTool({
  name: 'create_account',
  family: 'accounts',
  description: 'Create an account (company); an existing same-name one is returned.',
  parameters: z.object({
    name: text(249).refine((s) => s.trim().length > 0, { message: 'required' }),
    website: text(255).optional(),
    emailAddress: text(254).optional(),
    phoneNumber: text(40).optional(),
    industry: text(60).optional(),
    type: text(40).optional(),
  }),
  access: 'member',
  confirm: false,
  writes: true,
  async run(ctx, args) {
    const { name, ...fields } = args;
    // `name` is a plain field of an account (validate-fields guards it for persons, where it is computed).
    const checked = await validateFields(ctx, 'Account', fields);
    if (!checked.ok) return checked;
    const data = { name: name.trim(), ...checked.data };
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
