import { z } from 'zod';
import { defineTool } from '../define-tool.ts';
import { refSchema, text, withRef } from '../links/record-ref.ts';
import { dealTerms, writeDeal } from '../opportunities/deal-terms.ts';
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
    const terms = await dealTerms(ctx, args, { amountRequired: false });
    if (!terms.ok) return terms;
    const { amount, currency } = terms;
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
        ...(currency ? { currency } : {}),
        ...(args.closeDate ? { closeDate: args.closeDate } : {}),
      });
      if (!plan.ok) return plan;
      const converted = await writeDeal(ctx, currency, () =>
        ctx.crm.convertLead(lead.id, plan.records, { skipDuplicateCheck: true }),
      );
      if (!converted.ok) return converted;
      return conversionOutcome(ctx, summary, converted.value, 'converted', {
        reused: plan.reused,
        defaultCloseDate: plan.defaultCloseDate,
      });
    });
  },
});
