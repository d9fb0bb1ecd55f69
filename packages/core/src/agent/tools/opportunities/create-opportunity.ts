import { z } from 'zod';
import { toSummary } from '../../entities/summary.ts';
import { defineTool } from '../define-tool.ts';
import { text } from '../links/record-ref.ts';
import { validateFields } from '../validate-fields.ts';
import { defaultCloseDate } from './close-date.ts';
import { dealTerms, writeDeal } from './deal-terms.ts';
import { partiesOf } from './parties.ts';

export const createOpportunity = defineTool({
  name: 'create_opportunity',
  family: 'opportunities',
  description: 'Create an opportunity (deal). account/contact: name/email/id; closeDate YYYY-MM-DD.',
  parameters: z.object({
    name: text(200).optional(),
    amount: z.union([z.number(), text(30)]).optional(),
    currency: text(10).optional(),
    stage: text(40).optional(),
    closeDate: text(10).optional(),
    account: text(200).optional(),
    contact: text(254).optional(),
  }),
  access: 'member',
  confirm: false,
  writes: true,
  async run(ctx, args) {
    const terms = await dealTerms(ctx, args, { amountRequired: true });
    if (!terms.ok) return terms;
    const { amount, currency } = terms;
    const checked = await validateFields(ctx, 'Opportunity', { stage: args.stage });
    if (!checked.ok) return checked;
    const parties = await partiesOf(ctx, { account: args.account, contact: args.contact });
    if (!parties.ok) return parties;
    const name = args.name?.trim() || parties.account?.name || parties.contact?.name;
    if (!name) return { ok: false, kind: 'invalid', field: 'name', reason: 'name_required' };
    const closeDate = args.closeDate ?? defaultCloseDate(ctx.today);
    const data = {
      name,
      amount,
      ...(currency ? { amountCurrency: currency } : {}),
      closeDate,
      ...checked.data,
      ...(parties.account ? { accountId: parties.account.id } : {}),
      ...(parties.contact ? { contactId: parties.contact.id } : {}),
    };
    const created = await writeDeal(ctx, currency, () => ctx.crm.create('Opportunity', data));
    if (!created.ok) return created;
    const opp = toSummary('Opportunity', created.value.record);
    if (parties.account && !opp.accountName) opp.accountName = parties.account.name;
    return {
      ok: true,
      kind: 'opportunity_created',
      entity: 'Opportunity',
      records: [
        opp,
        ...(parties.account ? [parties.account] : []),
        ...(parties.contact ? [parties.contact] : []),
      ],
      detail: {
        accountCreated: parties.accountCreated,
        defaultCloseDate: !args.closeDate,
        accountId: parties.account?.id ?? null,
        contactId: parties.contact?.id ?? null,
      },
      focus: { entity: 'Opportunity', id: opp.id, name: opp.name },
    };
  },
});
