import { z } from 'zod';
import type { CrmRecord } from '../../../crm/port.ts';
import { recordTargetSchema, withRecord } from '../../entities/target.ts';
import { defineTool } from '../define-tool.ts';
import { isDate } from '../opportunities/close-date.ts';
import { amountInvalid, amountOf, checkCurrency, refusedByCrm } from '../opportunities/money.ts';
import { planConversion } from './conversion-plan.ts';
import { conversionOutcome, convertedByThisCall, wasConverted } from './conversion-result.ts';

export const convertLead = defineTool({
  name: 'convert_lead',
  family: 'opportunities',
  description: 'Convert a lead into a contact + account (its company); with amount, also an opportunity.',
  parameters: z.object({
    target: recordTargetSchema,
    amount: z.union([z.number(), z.string().max(30)]).optional(),
    currency: z.string().max(10).optional(),
    opportunityName: z.string().max(200).optional(),
    closeDate: z.string().max(10).optional().describe('YYYY-MM-DD'),
  }),
  access: 'member',
  confirm: false,
  writes: true,
  async run(ctx, args) {
    const amount = args.amount === undefined ? undefined : amountOf(args.amount);
    if (amount === null) return amountInvalid(args.amount);
    if (args.closeDate && !isDate(args.closeDate))
      return {
        ok: false,
        kind: 'invalid',
        field: 'closeDate',
        reason: 'date_invalid',
        value: args.closeDate,
      };
    const money = await checkCurrency(ctx, amount === undefined ? undefined : args.currency);
    if (!money.ok) return money;
    return withRecord(ctx, 'Lead', args.target, async (summary) => {
      const lead = await ctx.crm.get('Lead', summary.id);
      // Look before writing: EspoCRM converts a converted lead again (new records each time). A lead
      // already converted is reported with what its conversion created — on a retry after a lost
      // answer, that conversion is this very call's.
      if (wasConverted(lead))
        return conversionOutcome(
          ctx,
          summary,
          lead,
          convertedByThisCall(ctx, lead) ? 'converted' : 'already_converted',
        );
      const plan = await planConversion(ctx, lead, {
        ...(amount !== undefined ? { amount } : {}),
        ...(money.currency ? { currency: money.currency } : {}),
        ...(args.opportunityName?.trim() ? { name: args.opportunityName.trim() } : {}),
        ...(args.closeDate ? { closeDate: args.closeDate } : {}),
      });
      if (!plan.ok) return plan;
      let converted: CrmRecord;
      try {
        converted = await ctx.crm.convertLead(lead.id, plan.records, { skipDuplicateCheck: true });
      } catch (e) {
        const refused = await refusedByCrm(ctx, e, money.currency);
        if (refused) return refused;
        throw e;
      }
      return conversionOutcome(ctx, summary, converted, 'converted', {
        reused: plan.reused,
        defaultCloseDate: plan.defaultCloseDate,
      });
    });
  },
});
