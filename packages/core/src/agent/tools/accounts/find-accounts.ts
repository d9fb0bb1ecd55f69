import { z } from 'zod';
import type { WhereClause } from '../../../crm/port.ts';
import { findRecords } from '../contacts/find-records.ts';
import { defineTool } from '../define-tool.ts';
import { text } from '../links/record-ref.ts';
import { validateFields } from '../validate-fields.ts';

export const findAccounts = defineTool({
  name: 'find_accounts',
  family: 'accounts',
  description: 'Find accounts (companies) by query (name/email/phone), industry or type.',
  parameters: z.object({
    query: text(200).optional(),
    industry: text(60).optional(),
    type: text(40).optional(),
  }),
  access: 'member',
  confirm: false,
  writes: false,
  async run(ctx, args) {
    // Enum filters are checked against the live metadata: a wrong value names the allowed ones.
    const enums = await validateFields(ctx, 'Account', { industry: args.industry, type: args.type });
    if (!enums.ok) return enums;
    const where: WhereClause[] = [];
    for (const [attribute, value] of Object.entries(enums.data))
      if (typeof value === 'string' && value) where.push({ type: 'equals', attribute, value });
    return findRecords(ctx, 'Account', where, args.query);
  },
});
