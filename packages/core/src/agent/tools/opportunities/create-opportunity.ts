import { z } from 'zod';
import type { CreateResult } from '../../../crm/port.ts';
import { toSummary } from '../../entities/summary.ts';
import { defineTool } from '../define-tool.ts';
import { text } from '../links/record-ref.ts';
import { validateFields } from '../validate-fields.ts';
import { defaultCloseDate, isDate } from './close-date.ts';
import { amountInvalid, amountOf, checkCurrency, refusedByCrm } from './money.ts';
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
    const amount = amountOf(args.amount);
    if (amount === null) return amountInvalid(args.amount);
    if (args.closeDate && !isDate(args.closeDate))
      return {
        ok: false,
        kind: 'invalid',
        field: 'closeDate',
        reason: 'date_invalid',
        value: args.closeDate,
      };
    const money = await checkCurrency(ctx, args.currency);
    if (!money.ok) return money;
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
      ...(money.currency ? { amountCurrency: money.currency } : {}),
      closeDate,
      ...checked.data,
      ...(parties.account ? { accountId: parties.account.id } : {}),
      ...(parties.contact ? { contactId: parties.contact.id } : {}),
    };
    let created: CreateResult;
    try {
      created = await ctx.crm.create('Opportunity', data);
    } catch (e) {
      const refused = await refusedByCrm(ctx, e, money.currency);
      if (refused) return refused;
      throw e;
    }
    const opp = toSummary('Opportunity', created.record);
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
