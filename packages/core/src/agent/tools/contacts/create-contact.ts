import { z } from 'zod';
import { entitySpec } from '../../entities/specs.ts';
import { toSummary } from '../../entities/summary.ts';
import { accountFor } from '../accounts/account-for.ts';
import { defineTool } from '../define-tool.ts';
import { text } from '../links/record-ref.ts';
import { validateFields } from '../validate-fields.ts';
import { createOnce, oursOnRetry, sameWhere } from './create-once.ts';

export const createContact = defineTool({
  name: 'create_contact',
  family: 'contacts',
  description: 'Create a contact; accountName = their company (linked, created if missing).',
  parameters: z.object({
    firstName: text(100).optional(),
    lastName: text(100).refine((s) => s.trim().length > 0, { message: 'required' }),
    emailAddress: text(254).optional(),
    phoneNumber: text(40).optional(),
    title: text(100).optional(),
    accountName: text(200).optional(),
  }),
  access: 'member',
  confirm: false,
  writes: true,
  async run(ctx, args) {
    const { accountName, ...fields } = args;
    const checked = await validateFields(ctx, 'Contact', fields);
    if (!checked.ok) return checked;
    // Same person: same e-mail or phone, or same first and last name (EspoCRM's own rule for contacts),
    // checked before the account so that an existing contact never leaves a new account behind.
    const same = sameWhere(checked.data, [['emailAddress'], ['phoneNumber'], ['firstName', 'lastName']]);
    const existing = same.length
      ? (
          await ctx.crm.list('Contact', {
            where: same.length === 1 ? same : [{ type: 'or', value: same }],
            select: entitySpec('Contact')?.select ?? ['id', 'name'],
            orderBy: 'createdAt',
            order: 'desc',
            maxSize: 1,
          })
        ).list[0]
      : undefined;
    if (existing && !oursOnRetry(ctx, existing)) {
      const r = toSummary('Contact', existing);
      return { ok: true, kind: 'exists', entity: 'Contact', records: [r], focus: focusOf(r) };
    }
    const account = accountName?.trim() ? await accountFor(ctx, accountName, true) : null;
    if (account && !account.ok) return account;
    // Found on a retry: the contact this very call made before its answer was lost.
    const made = existing
      ? { record: existing, kind: 'created' as const }
      : await createOnce(
          ctx,
          'Contact',
          { ...checked.data, ...(account ? { accountId: account.record.id } : {}) },
          [],
        );
    const contact = toSummary('Contact', made.record);
    // A create answer may leave the account's name out: it is the one just resolved.
    if (account && !contact.accountName) contact.accountName = account.record.name;
    if (made.kind === 'exists')
      return { ok: true, kind: 'exists', entity: 'Contact', records: [contact], focus: focusOf(contact) };
    return {
      ok: true,
      kind: 'contact_created',
      entity: 'Contact',
      records: account ? [contact, account.record] : [contact],
      detail: { accountCreated: account?.created ?? false },
      focus: focusOf(contact),
    };
  },
});

const focusOf = (r: { id: string; name: string | null }) => ({ entity: 'Contact', id: r.id, name: r.name });
