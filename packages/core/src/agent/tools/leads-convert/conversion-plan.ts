import type { CrmRecord, LeadConversion } from '../../../crm/port.ts';
import { type RecordSummary, toSummary } from '../../entities/summary.ts';
import type { ToolContext, ToolOutcome } from '../../types.ts';
import { defaultCloseDate } from '../opportunities/close-date.ts';

type Failure = Extract<ToolOutcome, { ok: false }>;

export interface ConversionPlan {
  ok: true;
  records: LeadConversion;
  /** The tenant's existing records the conversion uses instead of making duplicates. */
  reused: { Account?: RecordSummary; Contact?: RecordSummary };
  defaultCloseDate: boolean;
}

export interface DealTerms {
  amount?: number;
  currency?: string;
  name?: string;
  closeDate?: string;
}

const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

/** The tenant's one record with this exact value, if any (the CRM client keeps to the tenant). */
async function existing(ctx: ToolContext, entity: string, attribute: string, value: string) {
  const res = await ctx.crm.list(entity, {
    where: [{ type: 'equals', attribute, value }],
    select: ['id', 'name', 'emailAddress', 'createdAt'],
    orderBy: 'createdAt',
    order: 'asc',
    maxSize: 1,
  });
  return res.list[0] ? toSummary(entity, res.list[0]) : undefined;
}

/**
 * What EspoCRM's conversion is asked to create, from its own mapping of the lead's values
 * (getConvertAttributes): a Contact, an Account when the lead names a company, an Opportunity when an
 * amount is given (or the lead carries one). An account of the same name or a contact with the same
 * e-mail that the tenant already has is used instead of a duplicate: the check is ours, within the
 * tenant, because EspoCRM's knows no tenant (its 409 could name another tenant's records).
 */
export async function planConversion(
  ctx: ToolContext,
  lead: CrmRecord,
  deal: DealTerms,
): Promise<ConversionPlan | Failure> {
  const attrs = await ctx.crm.convertAttributes(lead.id);
  const records: LeadConversion = {};
  const reused: ConversionPlan['reused'] = {};
  const personName = [text(lead.firstName), text(lead.lastName)].filter(Boolean).join(' ');
  const company = text(lead.accountName);
  if (company) {
    const account = await existing(ctx, 'Account', 'name', company);
    if (account) reused.Account = account;
    else records.Account = { ...attrs.Account, name: company };
  }
  const email = text(lead.emailAddress);
  const contact = email ? await existing(ctx, 'Contact', 'emailAddress', email) : undefined;
  if (contact) reused.Contact = contact;
  else {
    // EspoCRM requires a contact's last name; a lead may have only a first name or a company.
    const lastName = text(attrs.Contact?.lastName) ?? text(lead.lastName) ?? text(lead.firstName) ?? company;
    if (!lastName) return { ok: false, kind: 'invalid', field: 'lastName', reason: 'lead_without_name' };
    records.Contact = {
      ...attrs.Contact,
      lastName,
      ...(reused.Account ? { accountId: reused.Account.id } : {}),
    };
  }
  const leadAmount =
    typeof lead.opportunityAmount === 'number' && lead.opportunityAmount > 0
      ? lead.opportunityAmount
      : undefined;
  const amount = deal.amount ?? leadAmount;
  if (amount !== undefined) {
    const { amountCurrency: mapped, ...mappedDeal } = attrs.Opportunity ?? {};
    // No currency said: the lead's (mapped by EspoCRM), else EspoCRM's default (never an empty one).
    const currency = deal.currency ?? text(mapped) ?? text(lead.opportunityAmountCurrency);
    records.Opportunity = {
      ...mappedDeal,
      name: deal.name ?? company ?? (personName || 'Opportunity'),
      amount,
      ...(currency ? { amountCurrency: currency } : {}),
      closeDate: deal.closeDate ?? defaultCloseDate(ctx.today),
      // EspoCRM fills these from the records it creates; reused ones are ours to name.
      ...(reused.Account ? { accountId: reused.Account.id } : {}),
      ...(reused.Contact ? { contactId: reused.Contact.id } : {}),
    };
  }
  return { ok: true, records, reused, defaultCloseDate: amount !== undefined && !deal.closeDate };
}
