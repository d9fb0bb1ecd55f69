import { z } from 'zod';
import { toSummary } from '../../entities/summary.ts';
import { defineTool } from '../define-tool.ts';
import { changesSchema, refSchema, withRef } from '../links/record-ref.ts';
import { validateFields } from '../validate-fields.ts';

export const updateAccount = defineTool({
  name: 'update_account',
  family: 'accounts',
  description: 'Update an account (target: name/email/phone/id, omit = in focus).',
  parameters: z.object({ target: refSchema, changes: changesSchema }),
  access: 'member',
  confirm: false,
  writes: true,
  async run(ctx, args) {
    const { name, ...rest } = args.changes;
    if (Object.keys(rest).length === 0 && name === undefined)
      return { ok: false, kind: 'invalid', field: 'changes', reason: 'empty' };
    if (name !== undefined && (typeof name !== 'string' || !name.trim() || name.length > 249))
      return { ok: false, kind: 'invalid', field: 'name', reason: 'required' };
    // `name` is a plain field of an account (validate-fields guards it for persons, where it is computed).
    const checked = await validateFields(ctx, 'Account', rest);
    if (!checked.ok) return checked;
    const data = { ...checked.data, ...(typeof name === 'string' ? { name: name.trim() } : {}) };
    return withRef(ctx, 'Account', args.target, async (account) => {
      const updated = toSummary('Account', await ctx.crm.update('Account', account.id, data));
      const label = updated.name ?? account.name;
      return {
        ok: true,
        kind: 'updated',
        entity: 'Account',
        records: [{ ...updated, name: label }],
        detail: { changes: data },
        focus: { entity: 'Account', id: account.id, name: label },
      };
    });
  },
});
