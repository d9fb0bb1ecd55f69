import { z } from 'zod';
import type { CrmRecord } from '../../../crm/port.ts';
import { defineTool } from '../define-tool.ts';
import { refSchema, text, withRef } from '../links/record-ref.ts';
import { isDate } from '../opportunities/close-date.ts';
import { amountInvalid, amountOf, checkCurrency, refusedByCrm } from '../opportunities/money.ts';
import { planConversion } from './conversion-plan.ts';
import { conversionOutcome, convertedByThisCall, wasConverted } from './conversion-result.ts';

export const convertLead = defineTool({
  name: 'convert_lead',
  family: 'opportunities',
  description:
    'Convert a lead to contact + account; amount adds an opportunity. target: name/email/phone/id, omit = in focus.',
  parameters: z.object({
    target: refSchema,
    amount: z.union([z.number(), text(30)]).optional(),
    currency: text(10).optional(),
    closeDate: text(10).optional(),
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
    return withRef(ctx, 'Lead', args.target, async (summary) => {
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
