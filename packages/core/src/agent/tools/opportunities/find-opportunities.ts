import { z } from 'zod';
import type { WhereClause } from '../../../crm/port.ts';
import { accountFor } from '../accounts/account-for.ts';
import { findRecords } from '../contacts/find-records.ts';
import { defineTool } from '../define-tool.ts';
import { text } from '../links/record-ref.ts';
import { validateFields } from '../validate-fields.ts';

/** EspoCRM's closed stages (Opportunity.stage): "open" means any other. */
export const CLOSED_STAGES = ['Closed Won', 'Closed Lost'];

export const findOpportunities = defineTool({
  name: 'find_opportunities',
  family: 'opportunities',
  description: 'Find opportunities (deals) by name, account, stage, or open only.',
  parameters: z.object({
    query: text(200).optional(),
    account: text(200).optional(),
    stage: text(40).optional(),
    open: z.boolean().optional(),
  }),
  access: 'member',
  confirm: false,
  writes: false,
  async run(ctx, args) {
    const where: WhereClause[] = [];
    if (args.stage) {
      const checked = await validateFields(ctx, 'Opportunity', { stage: args.stage });
      if (!checked.ok) return checked;
      where.push({ type: 'equals', attribute: 'stage', value: String(checked.data.stage) });
    }
    if (args.open) where.push({ type: 'notIn', attribute: 'stage', value: CLOSED_STAGES });
    if (args.account?.trim()) {
      const account = await accountFor(ctx, args.account, false);
      if (!account.ok) return account;
      where.push({ type: 'equals', attribute: 'accountId', value: account.record.id });
    }
    return findRecords(ctx, 'Opportunity', where, args.query);
  },
});
