import { z } from 'zod';
import { toSummary } from '../../entities/summary.ts';
import { accountFor } from '../accounts/account-for.ts';
import { defineTool } from '../define-tool.ts';
import { changesSchema, refSchema, withRef } from '../links/record-ref.ts';
import { validateFields } from '../validate-fields.ts';

export const updateContact = defineTool({
  name: 'update_contact',
  family: 'contacts',
  description:
    'Update a contact (target: name/email/phone/id, omit = in focus). changes.accountName moves it.',
  parameters: z.object({ target: refSchema, changes: changesSchema }),
  access: 'member',
  confirm: false,
  writes: true,
  async run(ctx, args) {
    const { accountName, account: accountRef, ...rest } = args.changes;
    const ref = accountName ?? accountRef;
    if (Object.keys(rest).length === 0 && (ref === undefined || ref === null || ref === ''))
      return { ok: false, kind: 'invalid', field: 'changes', reason: 'empty' };
    const checked = await validateFields(ctx, 'Contact', rest);
    if (!checked.ok) return checked;
    return withRef(ctx, 'Contact', args.target, async (contact) => {
      const data: Record<string, unknown> = { ...checked.data };
      let accountLabel: string | null = null;
      if (typeof ref === 'string' && ref.trim()) {
        // The contact's (primary) account, as EspoCRM's account field sets it; never a new account here.
        const account = await accountFor(ctx, ref, false);
        if (!account.ok) return account;
        data.accountId = account.record.id;
        accountLabel = account.record.name;
      }
      const updated = toSummary('Contact', await ctx.crm.update('Contact', contact.id, data));
      const name = updated.name ?? contact.name;
      const { accountId: _id, ...shown } = data;
      return {
        ok: true,
        kind: 'updated',
        entity: 'Contact',
        records: [{ ...updated, name, accountName: updated.accountName ?? accountLabel }],
        detail: { changes: accountLabel ? { ...shown, account: accountLabel } : shown },
        focus: { entity: 'Contact', id: contact.id, name },
      };
    });
  },
});
