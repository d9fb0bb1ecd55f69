import { describe, expect, it } from 'vitest';
import { type FieldRef, matchField, normalizeLabel } from '../../../src/agent/entities/field-labels.ts';
import { checkFieldValue, currencyOf, parseNumber } from '../../../src/agent/tools/custom/field-values.ts';
import type { CrmClient, FieldDef } from '../../../src/index.ts';
import { testTenant, toolContext } from '../rules/tool-context.ts';

/** Issue 14 §2: values checked against the field's type before anything is written. */
const ref = (
  name: string,
  def: FieldDef,
  label = name,
  optionLabels: Record<string, string> = {},
): FieldRef => ({
  name,
  def,
  label,
  optionLabels,
});

// Only currencies() is reached by these checks: the install accepts EUR and USD.
const crm = { currencies: async () => ({ list: ['EUR', 'USD'], default: 'EUR' }) } as unknown as CrmClient;
const ctx = toolContext(crm, testTenant({ timezone: 'Europe/Paris' }), { today: '2026-11-23' });

describe('field values by type', () => {
  it('numbers as people type them (French decimal comma, thousands, k, %), and nothing else', () => {
    expect(parseNumber('1 500')).toBe(1500);
    expect(parseNumber('1\u202f500,50 €')).toBe(1500.5);
    expect(parseNumber('1,500.50')).toBe(1500.5);
    expect(parseNumber('1,500')).toBe(1500);
    expect(parseNumber('12,5')).toBe(12.5);
    expect(parseNumber('5k')).toBe(5000);
    expect(parseNumber('72 %')).toBe(72);
    expect(parseNumber('$3000')).toBe(3000);
    expect(parseNumber('12abc')).toBeNull();
    expect(parseNumber('high')).toBeNull();
    expect(parseNumber('')).toBeNull();
  });

  it('currencies by symbol, word or ISO code', () => {
    expect(currencyOf('1500 €')).toBe('EUR');
    expect(currencyOf('2000 euros')).toBe('EUR');
    expect(currencyOf('$3000')).toBe('USD');
    expect(currencyOf('£20')).toBe('GBP');
    expect(currencyOf('2000 CHF')).toBe('CHF');
    expect(currencyOf('JPY 5000')).toBe('JPY');
    expect(currencyOf('1500')).toBeNull();
  });

  it('int with its range; currency with the install currencies; date; enum by value or label; bool; length', async () => {
    const score = ref('score', { type: 'int', min: 0, max: 100 }, 'Score');
    expect(await checkFieldValue(ctx, score, '72')).toEqual({ ok: true, data: { score: 72 }, shown: '72' });
    expect(await checkFieldValue(ctx, score, '150')).toMatchObject({
      ok: false,
      reason: 'out_of_range',
      allowed: ['0–100'],
      field: 'Score',
    });
    expect(await checkFieldValue(ctx, score, '7.5')).toMatchObject({ ok: false, reason: 'not_an_integer' });
    const budget = ref('budget', { type: 'currency', min: 0 }, 'Budget');
    expect(await checkFieldValue(ctx, budget, '1 500 €')).toEqual({
      ok: true,
      data: { budget: 1500, budgetCurrency: 'EUR' },
      shown: '1500 EUR',
    });
    expect(await checkFieldValue(ctx, budget, '1500')).toEqual({
      ok: true,
      data: { budget: 1500 },
      shown: '1500',
    });
    expect(await checkFieldValue(ctx, budget, '2000 GBP')).toMatchObject({
      ok: false,
      reason: 'currency_not_enabled',
      value: 'GBP',
      allowed: ['EUR', 'USD'],
    });
    const date = ref('startDate', { type: 'date' }, 'Date de début');
    expect(await checkFieldValue(ctx, date, '15/01/2027')).toMatchObject({
      ok: true,
      data: { startDate: '2027-01-15' },
    });
    expect(await checkFieldValue(ctx, date, 'demain')).toMatchObject({
      ok: true,
      data: { startDate: '2026-11-24' },
    });
    expect(await checkFieldValue(ctx, date, 'bientôt')).toMatchObject({
      ok: false,
      reason: 'not_a_date',
      value: 'bientôt',
    });
    const status = ref('status', { type: 'enum', options: ['Planned', 'In Progress', 'Done'] }, 'Statut', {
      'In Progress': 'En cours',
    });
    expect(await checkFieldValue(ctx, status, 'en cours')).toMatchObject({
      ok: true,
      data: { status: 'In Progress' },
    });
    expect(await checkFieldValue(ctx, status, 'done')).toMatchObject({ ok: true, data: { status: 'Done' } });
    expect(await checkFieldValue(ctx, status, 'en pause')).toMatchObject({
      ok: false,
      reason: 'value_not_allowed',
      allowed: ['Planned', 'In Progress (En cours)', 'Done'],
    });
    const flag = ref('cSigned', { type: 'bool' }, 'Signé');
    expect(await checkFieldValue(ctx, flag, 'oui')).toMatchObject({ ok: true, data: { cSigned: true } });
    expect(await checkFieldValue(ctx, flag, 'peut-être')).toMatchObject({
      ok: false,
      reason: 'not_a_boolean',
    });
    const code = ref('cCode', { type: 'varchar', maxLength: 5 }, 'Code');
    expect(await checkFieldValue(ctx, code, 'ABCDEF')).toMatchObject({
      ok: false,
      reason: 'too_long',
      allowed: ['≤ 5'],
    });
    const when = ref('cRdv', { type: 'datetime' }, 'Rendez-vous');
    expect(await checkFieldValue(ctx, when, '2027-03-29 à 10h')).toMatchObject({
      ok: true,
      data: { cRdv: '2027-03-29 08:00:00' },
    });
  });

  it('fields by name, label or alias, accents and articles aside; the tenant’s custom field first', () => {
    const fields = [
      ref('budget', { type: 'currency' }, 'Budget'),
      ref('cBudget', { type: 'int', isCustom: true }, 'Budget'),
      ref('startDate', { type: 'date' }, 'Date de début'),
      ref('cSurfaceHabitable', { type: 'float', isCustom: true }, 'Surface habitable'),
      ref('closeDate', { type: 'date' }, 'close date'),
    ];
    expect(matchField(fields, 'budget')?.name).toBe('cBudget');
    expect(matchField(fields, 'la date de début')?.name).toBe('startDate');
    expect(matchField(fields, 'date de debut')?.name).toBe('startDate');
    expect(matchField(fields, 'start date')?.name).toBe('startDate');
    expect(matchField(fields, 'surface habitable')?.name).toBe('cSurfaceHabitable');
    expect(matchField(fields, 'date de clôture')?.name).toBe('closeDate');
    expect(matchField(fields, 'potentiel')).toBeNull();
    expect(normalizeLabel("L'Étape")).toBe('etape');
  });
});
