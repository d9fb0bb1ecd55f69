import { z } from 'zod';
import type { WhereClause } from '../../../crm/port.ts';
import { accountFor } from '../accounts/account-for.ts';
import { defineTool } from '../define-tool.ts';
import { text } from '../links/record-ref.ts';
import { findRecords } from './find-records.ts';

export const findContacts = defineTool({
  name: 'find_contacts',
  family: 'contacts',
  description: 'Find contacts by query (name/email/phone) or account.',
  parameters: z.object({ query: text(200).optional(), account: text(200).optional() }),
  access: 'member',
  confirm: false,
  writes: false,
  async run(ctx, args) {
    const where: WhereClause[] = [];
    if (args.account?.trim()) {
      const account = await accountFor(ctx, args.account, false);
      if (!account.ok) return account;
      // Every contact of the account, its primary one or not (EspoCRM's accounts relationship).
      where.push({ type: 'linkedWith', attribute: 'accounts', value: [account.record.id] });
    }
    return findRecords(ctx, 'Contact', where, args.query);
  },
});
