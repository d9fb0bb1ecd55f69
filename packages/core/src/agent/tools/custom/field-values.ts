import { checkEmail } from '../../../crm/email.ts';
import { checkPhone } from '../../../crm/phone.ts';
import { findDueDate, isoDate } from '../../calendar/dates.ts';
import { type FieldRef, normalizeLabel } from '../../entities/field-labels.ts';
import type { ToolContext, ToolOutcome } from '../../types.ts';
import { checkTime, zonedToEspo } from '../activities/zoned-time.ts';

type Invalid = Extract<ToolOutcome, { kind: 'invalid' }>;
export type Checked = { ok: true; data: Record<string, unknown>; shown: string } | Invalid;

/** Values longer than this are cut in the reply: enough to recognise what was typed. */
const SHOWN_MAX = 80;

const bad = (f: FieldRef, reason: string, value: unknown, allowed?: string[]): Invalid => {
  const v = String(value);
  return {
    ok: false,
    kind: 'invalid',
    field: f.label,
    reason,
    value: v.length > SHOWN_MAX ? `${v.slice(0, SHOWN_MAX)}…` : v,
    ...(allowed?.length ? { allowed } : {}),
  };
};

const CURRENCY_WORDS: Array<[RegExp, string]> = [
  [/€|\beuros?\b/i, 'EUR'],
  [/\$|\bdollars?\b/i, 'USD'],
  [/£|\blivres?\b|\bpounds?\b/i, 'GBP'],
  [/\bfrancs? suisses?\b|\bchf\b/i, 'CHF'],
  [/\beur\b/i, 'EUR'],
  [/\busd\b/i, 'USD'],
  [/\bgbp\b/i, 'GBP'],
  // Any other ISO code, written as one (upper case, before or after the amount).
  [/^\s*([A-Z]{3})\b|\b([A-Z]{3})\s*$/, '$1'],
];

/** The currency a typed amount names ("1 500 €" → EUR, "2000 USD" → USD), if any. */
export function currencyOf(text: string): string | null {
  for (const [re, code] of CURRENCY_WORDS) {
    const m = re.exec(text);
    if (m) return code === '$1' ? (m[1] ?? m[2]!) : code;
  }
  return null;
}

/**
 * A number as people type it: "1 500", "1500,50" (French decimal comma), "1,500.50", "5k", "72 %".
 * Null when the text holds anything else.
 */
export function parseNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  let s = String(value)
    .replace(/[\s\u00a0\u202f]/g, '')
    .replace(/€|\$|£|%|euros?|dollars?|livres?|pounds?|francs?suisses?|eur|usd|gbp|chf/gi, '')
    .replace(/^[A-Z]{3}|[A-Z]{3}$/, '');
  let factor = 1;
  if (/^[\d.,]+k$/i.test(s)) {
    factor = 1000;
    s = s.slice(0, -1);
  }
  if (!/^-?[\d.,]+$/.test(s) || !/\d/.test(s)) return null;
  const comma = s.lastIndexOf(',');
  const dot = s.lastIndexOf('.');
  if (comma >= 0 && dot >= 0) s = comma > dot ? s.replace(/\./g, '').replace(',', '.') : s.replace(/,/g, '');
  else if (comma >= 0) s = /^-?\d{1,3}(,\d{3})+$/.test(s) ? s.replace(/,/g, '') : s.replace(',', '.');
  else if (/^-?\d{1,3}(\.\d{3}){2,}$/.test(s)) s = s.replace(/\./g, '');
  const n = Number(s) * factor;
  return Number.isFinite(n) ? n : null;
}

const range = (f: FieldRef): string[] => {
  const min = typeof f.def.min === 'number' ? f.def.min : null;
  const max = typeof f.def.max === 'number' ? f.def.max : null;
  if (min !== null && max !== null) return [`${min}–${max}`];
  if (min !== null) return [`≥ ${min}`];
  if (max !== null) return [`≤ ${max}`];
  return [];
};

function checkNumber(f: FieldRef, raw: unknown, integer: boolean): { ok: true; n: number } | Invalid {
  const n = parseNumber(raw);
  if (n === null || (integer && !Number.isInteger(n)))
    return bad(f, integer ? 'not_an_integer' : 'not_a_number', raw);
  if ((typeof f.def.min === 'number' && n < f.def.min) || (typeof f.def.max === 'number' && n > f.def.max))
    return bad(f, 'out_of_range', raw, range(f));
  return { ok: true, n };
}

/** A date as typed: ISO, "31/03/2027", "12 mars", "demain" (relative to the tenant's today). */
function parseDate(text: string, today: string): string | null {
  const t = text.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  if (iso) return isoDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const found = findDueDate(t, today);
  // The date must be (nearly) all the value says: "demain" yes, "demain ou après" no.
  return found && found.phrase.trim().length >= t.replace(/^(?:le|on|the)\s+/i, '').length - 1
    ? found.date
    : null;
}

const TIME = /(?<!\d)(\d{1,2})\s*(?:h|:)\s*(\d{2})?(?!\d)/i;

const optionLabel = (f: FieldRef, v: string) =>
  f.optionLabels[v] && f.optionLabels[v] !== v ? `${v} (${f.optionLabels[v]})` : v;

/** An enum value by its value or its label, in any case and with or without accents. */
function matchOption(f: FieldRef, said: string): string | null {
  const key = normalizeLabel(said);
  const options = (f.def.options ?? []).filter((o) => o !== '');
  return (
    options.find((o) => normalizeLabel(o) === key) ??
    options.find((o) => f.optionLabels[o] && normalizeLabel(f.optionLabels[o]) === key) ??
    null
  );
}

const YES = /^(?:oui|yes|vrai|true|1|o|y|coch[ée]e?|checked)$/i;
const NO = /^(?:non|no|faux|false|0|n|d[ée]coch[ée]e?|unchecked)$/i;

/**
 * One value checked against its field's type, before anything is written: numbers and their range,
 * dates, amounts and the install's currencies, enum options (by value or label), booleans, e-mails,
 * phones, lengths. A wrong value becomes an outcome that names it and what is allowed.
 */
export async function checkFieldValue(ctx: ToolContext, f: FieldRef, raw: unknown): Promise<Checked> {
  const name = f.name;
  if (raw === null || raw === '') return { ok: true, data: { [name]: null }, shown: '—' };
  const text = String(raw).trim();
  switch (f.def.type) {
    case 'int':
    case 'float': {
      const c = checkNumber(f, raw, f.def.type === 'int');
      return c.ok ? { ok: true, data: { [name]: c.n }, shown: String(c.n) } : c;
    }
    case 'currency': {
      const c = checkNumber(f, raw, false);
      if (!c.ok) return c;
      const code = typeof raw === 'string' ? currencyOf(raw) : null;
      if (!code) return { ok: true, data: { [name]: c.n }, shown: String(c.n) };
      const { list } = await ctx.crm.currencies();
      // The stand-in and EspoCRM refuse a currency the install does not list: say so up front.
      if (!list.includes(code)) return { ...bad(f, 'currency_not_enabled', code, list) };
      return { ok: true, data: { [name]: c.n, [`${name}Currency`]: code }, shown: `${c.n} ${code}` };
    }
    case 'date': {
      const d = parseDate(text, ctx.today);
      return d ? { ok: true, data: { [name]: d }, shown: d } : bad(f, 'not_a_date', raw);
    }
    case 'datetime':
    case 'datetimeOptional': {
      const tm = TIME.exec(text);
      const time = tm ? checkTime(`${tm[1]}:${tm[2] ?? '00'}`) : null;
      const d = parseDate(tm ? text.replace(tm[0], ' ').replace(/\s(?:à|a|at)\s*$/i, '') : text, ctx.today);
      if (!d || (tm && !time)) return bad(f, 'not_a_date', raw);
      const at = zonedToEspo(d, time ?? '09:00', ctx.tenant.timezone);
      return { ok: true, data: { [name]: at }, shown: `${d}${time ? ` ${time}` : ''}` };
    }
    case 'enum': {
      const o = matchOption(f, text);
      const allowed = (f.def.options ?? []).filter((x) => x !== '').map((x) => optionLabel(f, x));
      return o !== null
        ? { ok: true, data: { [name]: o }, shown: optionLabel(f, o) }
        : bad(f, 'value_not_allowed', raw, allowed);
    }
    case 'multiEnum':
    case 'checklist':
    case 'array': {
      const parts = text.split(/\s*(?:,|;|\bet\b|\band\b)\s*/i).filter(Boolean);
      if (!f.def.options?.length) return { ok: true, data: { [name]: parts }, shown: parts.join(', ') };
      const values: string[] = [];
      for (const p of parts) {
        const o = matchOption(f, p);
        if (o === null)
          return bad(
            f,
            'value_not_allowed',
            p,
            f.def.options.filter((x) => x !== '').map((x) => optionLabel(f, x)),
          );
        values.push(o);
      }
      return { ok: true, data: { [name]: values }, shown: values.join(', ') };
    }
    case 'bool': {
      if (typeof raw === 'boolean' || YES.test(text) || NO.test(text)) {
        const v = typeof raw === 'boolean' ? raw : YES.test(text);
        return { ok: true, data: { [name]: v }, shown: v ? '✓' : '✗' };
      }
      return bad(f, 'not_a_boolean', raw, ['oui / yes', 'non / no']);
    }
    case 'email': {
      const r = checkEmail(text);
      return r.ok
        ? { ok: true, data: { [name]: r.email }, shown: r.email }
        : bad(f, `email_${r.problem}`, raw);
    }
    case 'phone': {
      const r = checkPhone(text, ctx.tenant.defaultCountry);
      return r.ok ? { ok: true, data: { [name]: r.e164 }, shown: r.e164 } : bad(f, `phone_${r.problem}`, raw);
    }
    default: {
      const max = typeof f.def.maxLength === 'number' ? f.def.maxLength : null;
      if (max !== null && text.length > max) return bad(f, 'too_long', raw, [`≤ ${max}`]);
      return { ok: true, data: { [name]: text }, shown: text };
    }
  }
}
