import { isAppError } from '../../../shared/errors.ts';
import type { ToolContext, ToolOutcome } from '../../types.ts';

type Invalid = Extract<ToolOutcome, { kind: 'invalid' }>;

const SYMBOLS: Record<string, string> = { '€': 'EUR', $: 'USD', '£': 'GBP', CHF: 'CHF', 'FR.': 'CHF' };

/** "€", "eur", "euros" → EUR; an ISO code as typed otherwise (EspoCRM stores ISO 4217 codes). */
export function currencyCode(typed: string): string {
  const t = typed.trim().toUpperCase();
  if (SYMBOLS[t]) return SYMBOLS[t];
  if (/^EUROS?$/.test(t)) return 'EUR';
  if (/^DOLLARS?$/.test(t)) return 'USD';
  return t;
}

/** 5000, "5 000", "5 000,50", "5,000.50", "5k" → a number; anything else is not an amount. */
export function amountOf(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 ? v : null;
  if (typeof v !== 'string') return null;
  let t = v.trim().replace(/[\s\u00a0\u202f']/g, '');
  const k = /^(\d+(?:[.,]\d+)?)k$/i.exec(t);
  if (k) return Math.round(Number(k[1]!.replace(',', '.')) * 1000);
  // "5,000.50" (thousands comma) or "5.000,50" (thousands dot): the last separator is the decimal one.
  if (/^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/.test(t)) t = t.replace(/,/g, '');
  else if (/^\d{1,3}(?:\.\d{3})+(?:,\d+)?$/.test(t)) t = t.replace(/\./g, '').replace(',', '.');
  else t = t.replace(',', '.');
  if (!/^\d+(?:\.\d+)?$/.test(t)) return null;
  return Number(t);
}

/**
 * A currency must be one of the install's (EspoCRM refuses others with `validCurrency`): the reply
 * names the refused one and the accepted ones. No currency means the CRM's default.
 */
export async function checkCurrency(
  ctx: ToolContext,
  typed: string | undefined,
): Promise<{ ok: true; currency?: string } | Invalid> {
  if (!typed?.trim()) return { ok: true };
  const currency = currencyCode(typed);
  const { list } = await ctx.crm.currencies();
  if (list.length && !list.includes(currency)) return currencyRefused(currency, list);
  return { ok: true, currency };
}

export const currencyRefused = (currency: string, allowed: string[]): Invalid => ({
  ok: false,
  kind: 'invalid',
  field: 'amountCurrency',
  reason: 'currency_not_enabled',
  allowed,
  value: currency,
});

/** EspoCRM's own refusal of a currency (when the settings could not tell): the same outcome. */
export async function refusedByCrm(ctx: ToolContext, e: unknown, currency: string | undefined) {
  if (!isAppError(e) || e.code !== 'validation' || e.details?.type !== 'validCurrency') return null;
  const list = await ctx.crm.currencies().then(
    (c) => c.list,
    () => [],
  );
  return currencyRefused(currency ?? '?', list);
}

export const amountInvalid = (typed: unknown): Invalid => ({
  ok: false,
  kind: 'invalid',
  field: 'amount',
  reason: typed === undefined || typed === null || typed === '' ? 'amount_required' : 'amount_invalid',
  ...(typed === undefined || typed === null ? {} : { value: String(typed) }),
});
