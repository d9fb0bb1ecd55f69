import { z } from 'zod';
import type { WhereClause } from '../../../crm/port.ts';
import { findRecords } from '../contacts/find-records.ts';
import { defineTool } from '../define-tool.ts';
import { phoneForSearch } from '../phone-query.ts';
import { validateFields } from '../validate-fields.ts';

export const findAccounts = defineTool({
  name: 'find_accounts',
  family: 'accounts',
  description: 'Search accounts (companies) by text (name, email), email, phone, industry or type.',
  parameters: z.object({
    query: z.string().max(200).optional(),
    emailAddress: z.string().max(254).optional(),
    phoneNumber: z.string().max(40).optional(),
    industry: z.string().max(60).optional(),
    type: z.string().max(40).optional(),
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
    // Enum filters are checked against the live metadata: a wrong value names the allowed ones.
    const enums = await validateFields(ctx, 'Account', { industry: args.industry, type: args.type });
    if (!enums.ok) return enums;
    for (const [attribute, value] of Object.entries(enums.data))
      if (typeof value === 'string' && value) where.push({ type: 'equals', attribute, value });
    return findRecords(ctx, 'Account', { where, ...(args.query ? { textFilter: args.query.trim() } : {}) });
  },
});
