import { type EspoStandIn, startEspoStandIn } from '@max/sandbox';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError, alignCrmLocale, type CrmClient, crmLocaleFor } from '../../src/index.ts';
import { C, client } from './helpers.ts';

/**
 * The CRM speaks the tenant's locale: currencies, time zone and language from the tenant's country
 * and language, through EspoCRM's Settings (read by the API user, changed by the admin with PUT);
 * shared CRMs are never touched.
 */
const FR = {
  crmMode: 'dedicated' as const,
  defaultCountry: 'FR',
  locale: 'fr' as const,
  timezone: 'Europe/Paris',
};
const started: EspoStandIn[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((e) => e.stop()));
});
const fresh = async (opts: Parameters<typeof startEspoStandIn>[0] = {}) => {
  const espo = await startEspoStandIn({ port: 0, ...opts });
  started.push(espo);
  return espo;
};
const settingsCalls = (calls: Array<{ url: string; method: string }>) =>
  calls.filter((c) => new URL(c.url).pathname === '/api/v1/Settings').map((c) => c.method);
const read = async (espo: EspoStandIn) =>
  (await fetch(`${espo.url}/api/v1/Settings`, { headers: { 'X-Api-Key': C.apiKey } }).then((r) =>
    r.json(),
  )) as Record<string, unknown>;

describe('the CRM in the tenant’s locale', () => {
  it('the target: FR → EUR, the tenant’s zone, fr_FR; GB → GBP, en_GB; US → USD, en_US; an unknown country keeps its currency', () => {
    expect(crmLocaleFor(FR)).toEqual({ currency: 'EUR', timeZone: 'Europe/Paris', language: 'fr_FR' });
    expect(crmLocaleFor({ defaultCountry: 'GB', locale: 'en', timezone: 'Europe/London' })).toEqual({
      currency: 'GBP',
      timeZone: 'Europe/London',
      language: 'en_GB',
    });
    expect(crmLocaleFor({ defaultCountry: 'us', locale: 'en', timezone: 'America/Chicago' })).toEqual({
      currency: 'USD',
      timeZone: 'America/Chicago',
      language: 'en_US',
    });
    expect(crmLocaleFor({ defaultCountry: 'BE', locale: 'fr', timezone: 'Europe/Brussels' }).language).toBe(
      'fr_FR',
    );
    expect(crmLocaleFor({ defaultCountry: 'JP', locale: 'en', timezone: 'Asia/Tokyo' }).currency).toBeNull();
  });

  it('a fresh install (USD, UTC, en_US) is reported without --fix, nothing written; applied with one admin PUT, then aligned', async () => {
    const espo = await fresh();
    const { crm, calls } = client(espo);
    const report = await alignCrmLocale(crm, FR, { apply: false });
    expect(report).toEqual({
      status: 'mismatch',
      target: { currency: 'EUR', timeZone: 'Europe/Paris', language: 'fr_FR' },
      changes: [
        { setting: 'currencyList', from: ['USD'], to: ['EUR'] },
        { setting: 'defaultCurrency', from: 'USD', to: 'EUR' },
        { setting: 'baseCurrency', from: 'USD', to: 'EUR' },
        { setting: 'timeZone', from: 'UTC', to: 'Europe/Paris' },
        { setting: 'language', from: 'en_US', to: 'fr_FR' },
      ],
    });
    expect(settingsCalls(calls)).toEqual(['GET']);
    expect(await read(espo)).toMatchObject({ defaultCurrency: 'USD', timeZone: 'UTC' });

    expect((await alignCrmLocale(crm, FR, { apply: true })).status).toBe('fixed');
    expect(settingsCalls(calls)).toEqual(['GET', 'GET', 'PUT']);
    const put = calls.find((c) => c.method === 'PUT')!;
    expect(new Headers(put.headers).get('espo-authorization')).toBeTruthy();
    expect(await read(espo)).toMatchObject({
      currencyList: ['EUR'],
      defaultCurrency: 'EUR',
      baseCurrency: 'EUR',
      timeZone: 'Europe/Paris',
      language: 'fr_FR',
    });
    expect(await alignCrmLocale(crm, FR, { apply: true })).toMatchObject({ status: 'aligned' });
    // The client's cached currencies follow: an amount in euros is now accepted.
    expect(await crm.currencies()).toEqual({ list: ['EUR'], default: 'EUR' });
  });

  it('USD stays listed when a record already holds an amount in USD (and goes when none does)', async () => {
    const espo = await fresh();
    const { crm } = client(espo);
    await crm.create('Opportunity', {
      name: 'Ancien',
      amount: 900,
      amountCurrency: 'USD',
      closeDate: '2026-12-31',
    });
    const report = await alignCrmLocale(crm, FR, { apply: true });
    expect(report.status).toBe('fixed');
    expect(await read(espo)).toMatchObject({ currencyList: ['EUR', 'USD'], defaultCurrency: 'EUR' });
  });

  it('a currency with a rate in the install keeps the base currency; GB gets GBP, London time and British English', async () => {
    const espo = await fresh({ settings: { currencyList: ['USD', 'GBP'], currencyRates: { GBP: 1.27 } } });
    const { crm } = client(espo);
    const gb = {
      crmMode: 'dedicated' as const,
      defaultCountry: 'GB',
      locale: 'en' as const,
      timezone: 'Europe/London',
    };
    const report = await alignCrmLocale(crm, gb, { apply: true });
    expect(report).toMatchObject({ status: 'fixed' });
    expect(report.status === 'fixed' && report.changes.map((c) => c.setting)).toEqual([
      'currencyList',
      'defaultCurrency',
      'timeZone',
      'language',
    ]);
    expect(await read(espo)).toMatchObject({
      currencyList: ['GBP'],
      defaultCurrency: 'GBP',
      baseCurrency: 'USD',
      timeZone: 'Europe/London',
      language: 'en_GB',
    });
  });

  it('without the CRM admin the change is refused (403), reported as failed, and nothing is written', async () => {
    const espo = await fresh();
    const { crm } = client(espo, { adminAuth: undefined });
    const report = await alignCrmLocale(crm, FR, { apply: true });
    expect(report).toMatchObject({ status: 'failed', error: { code: 'forbidden' } });
    expect(await read(espo)).toMatchObject({ currencyList: ['USD'], timeZone: 'UTC', language: 'en_US' });
  });

  it('shared mode: the CRM is every tenant’s — no Settings call at all, and the client refuses a change before sending it', async () => {
    const espo = await fresh();
    const { crm, calls } = client(espo, { tenant: { field: 'cTenantId', value: 'acme' } });
    expect(await alignCrmLocale(crm, { ...FR, crmMode: 'shared' }, { apply: true })).toEqual({
      status: 'shared',
    });
    const refused = await (crm as CrmClient)
      .updateSettings({ timeZone: 'Europe/Paris' })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe('forbidden');
    expect(settingsCalls(calls)).toEqual([]);
    expect(await read(espo)).toMatchObject({ timeZone: 'UTC' });
  });

  it('an unknown country leaves the currencies as they are and still sets the time zone and language', async () => {
    const espo = await fresh();
    const { crm } = client(espo);
    const jp = {
      crmMode: 'dedicated' as const,
      defaultCountry: 'JP',
      locale: 'en' as const,
      timezone: 'Asia/Tokyo',
    };
    expect(await alignCrmLocale(crm, jp, { apply: true })).toMatchObject({ status: 'fixed' });
    expect(await read(espo)).toMatchObject({
      currencyList: ['USD'],
      timeZone: 'Asia/Tokyo',
      language: 'en_US',
    });
  });

  it('a time zone the install does not know is EspoCRM’s 400, reported with its code; nothing changes', async () => {
    const espo = await fresh();
    const { crm } = client(espo);
    const report = await alignCrmLocale(crm, { ...FR, timezone: 'Europe/Atlantis' }, { apply: true });
    expect(report).toMatchObject({ status: 'failed', error: { code: 'validation' } });
    expect(await read(espo)).toMatchObject({ currencyList: ['USD'], language: 'en_US' });
  });
});
