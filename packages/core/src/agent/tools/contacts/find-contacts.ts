import { z } from 'zod';
import type { WhereClause } from '../../../crm/port.ts';
import { accountFor } from '../accounts/account-for.ts';
import { defineTool } from '../define-tool.ts';
import { phoneForSearch } from '../phone-query.ts';
import { findRecords } from './find-records.ts';

export const findContacts = defineTool({
  name: 'find_contacts',
  family: 'contacts',
  description: "Search contacts by text (name, email), email, phone, or an account's contacts.",
  parameters: z.object({
    query: z.string().max(200).optional(),
    emailAddress: z.string().max(254).optional(),
    phoneNumber: z.string().max(40).optional(),
    account: z.string().max(200).optional().describe('account name or id'),
  }),
  access: 'member',
  confirm: false,
  writes: false,
  async run(ctx, args) {
    const where: WhereClause[] = [];
    if (args.emailAddress)
      where.push({ type: 'equals', attribute: 'emailAddress', value: args.emailAddress.trim() });
    if (args.phoneNumber)
      where.push({ type: 'equals', attribute: 'phoneNumber', value: phoneForSearch(ctx, args.phoneNumber) });
    if (args.account?.trim()) {
      const account = await accountFor(ctx, args.account, false);
      if (!account.ok) return account;
      // Every contact of the account, its primary one or not (EspoCRM's accounts relationship).
      where.push({ type: 'linkedWith', attribute: 'accounts', value: [account.record.id] });
    }
    return findRecords(ctx, 'Contact', { where, ...(args.query ? { textFilter: args.query.trim() } : {}) });
  },
});
