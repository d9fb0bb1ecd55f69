import { z } from 'zod';
import { toSummary } from '../../entities/summary.ts';
import { recordTargetSchema, withRecord } from '../../entities/target.ts';
import { defineTool } from '../define-tool.ts';
import { validateFields } from '../validate-fields.ts';

export const updateAccount = defineTool({
  name: 'update_account',
  family: 'accounts',
  description: 'Change fields of one account (name, website, email, phone, industry, type…).',
  parameters: z.object({
    target: recordTargetSchema,
    changes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  }),
  access: 'member',
  confirm: false,
  writes: true,
  async run(ctx, args) {
    const { name, ...rest } = args.changes;
    if (Object.keys(rest).length === 0 && name === undefined)
      return { ok: false, kind: 'invalid', field: 'changes', reason: 'empty' };
    if (name !== undefined && (typeof name !== 'string' || !name.trim() || name.length > 249))
      return { ok: false, kind: 'invalid', field: 'name', reason: 'required' };
    const checked = await validateFields(ctx, 'Account', rest);
    if (!checked.ok) return checked;
    const data = { ...checked.data, ...(typeof name === 'string' ? { name: name.trim() } : {}) };
    return withRecord(ctx, 'Account', args.target, async (account) => {
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
