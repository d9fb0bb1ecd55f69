import type { ToolContext, ToolOutcome } from '../../types.ts';
import { isDate } from './close-date.ts';
import { amountInvalid, amountOf, checkCurrency, refusedByCrm } from './money.ts';

type Invalid = Extract<ToolOutcome, { kind: 'invalid' }>;

/** A deal's terms once checked: the amount (absent when none is needed) and the install's currency. */
export interface DealTerms {
  amount: number | undefined;
  currency: string | undefined;
}

/**
 * The one set-up of an opportunity's terms, for its creation and a lead's conversion: the amount
 * read ("5 000 €", "5k"), the close date a real day, the currency one the install has; checked
 * before anything is written. `amountRequired: false` (a conversion): no amount, no opportunity,
 * and then a currency said alone is not checked.
 */
export async function dealTerms(
  ctx: ToolContext,
  args: {
    amount?: number | string | undefined;
    currency?: string | undefined;
    closeDate?: string | undefined;
  },
  o: { amountRequired: boolean },
): Promise<({ ok: true } & DealTerms) | Invalid> {
  const absent = args.amount === undefined && !o.amountRequired;
  const amount = absent ? undefined : amountOf(args.amount);
  if (amount === null) return amountInvalid(args.amount);
  if (args.closeDate && !isDate(args.closeDate))
    return { ok: false, kind: 'invalid', field: 'closeDate', reason: 'date_invalid', value: args.closeDate };
  const money = await checkCurrency(ctx, absent ? undefined : args.currency);
  if (!money.ok) return money;
  return { ok: true, amount, currency: money.currency };
}

/** A write of a deal whose refusal of the currency by EspoCRM becomes the tool's answer. */
export async function writeDeal<T>(
  ctx: ToolContext,
  currency: string | undefined,
  write: () => Promise<T>,
): Promise<{ ok: true; value: T } | Invalid> {
  try {
    return { ok: true, value: await write() };
  } catch (e) {
    const refused = await refusedByCrm(ctx, e, currency);
    if (refused) return refused;
    throw e;
  }
}
