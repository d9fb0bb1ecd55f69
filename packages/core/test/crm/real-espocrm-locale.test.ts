import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alignCrmLocale, type CrmSettings, tableCurrencies } from '../../src/index.ts';
import { realEspo, realEspoSuite } from './real-espo.ts';

/**
 * The CRM's locale against a real EspoCRM 8.4 (ESPO_URL, ESPO_API_KEY, ESPO_ADMIN_USERNAME,
 * ESPO_ADMIN_PASSWORD): Settings read by the API user, changed by the admin with PUT (PATCH has no
 * route), the country table's currencies all known to the install. Puts the install's settings back
 * afterwards. Skipped otherwise.
 */
const FR = {
  crmMode: 'dedicated' as const,
  defaultCountry: 'FR',
  locale: 'fr' as const,
  timezone: 'Europe/Paris',
};

describe.skipIf(!realEspo.readyAdmin)('real EspoCRM: the CRM in the tenant’s locale', () => {
  const { crm, created } = realEspoSuite({ admin: true });
  let before: CrmSettings;
  const api = (path: string, init: RequestInit = {}, as: 'api' | 'admin' = 'api') =>
    fetch(`${realEspo.url}/api/v1/${path}`, {
      ...init,
      headers: {
        'content-type': 'application/json',
        ...(as === 'admin'
          ? { 'Espo-Authorization': realEspo.adminBasic() }
          : { 'X-Api-Key': process.env.ESPO_API_KEY ?? '' }),
      },
    });
  beforeAll(async () => {
    before = await crm.settings();
  });
  afterAll(async () => {
    const { currencyList, defaultCurrency, baseCurrency, timeZone, language } = before;
    await crm.updateSettings({ currencyList, defaultCurrency, baseCurrency, timeZone, language });
  });

  it('every currency of the country table is one the install offers (app.currency.list)', async () => {
    const offered = (await (await api('Metadata?key=app.currency.list')).json()) as string[];
    for (const c of tableCurrencies()) expect(offered, c).toContain(c);
  });

  it('Settings: the API user reads them but may not PUT (403); PATCH has no route (404)', async () => {
    expect(before.currencyList.length).toBeGreaterThan(0);
    expect((await api('Settings', { method: 'PUT', body: '{"timeZone":"UTC"}' })).status).toBe(403);
    expect((await api('Settings', { method: 'PATCH', body: '{"timeZone":"UTC"}' }, 'admin')).status).toBe(
      404,
    );
  });

  it('a French tenant: reported, then set with one admin PUT; euros are then accepted and the labels are French', async () => {
    if (before.defaultCurrency === 'EUR' && before.timeZone === 'Europe/Paris' && before.language === 'fr_FR')
      await crm.updateSettings({ timeZone: 'UTC', language: 'en_US' });
    const report = await alignCrmLocale(crm, FR, { apply: false });
    expect(report.status).toBe('mismatch');
    const fixed = await alignCrmLocale(crm, FR, { apply: true });
    expect(fixed.status).toBe('fixed');
    const now = await crm.settings();
    expect(now).toMatchObject({ defaultCurrency: 'EUR', timeZone: 'Europe/Paris', language: 'fr_FR' });
    expect(now.currencyList).toContain('EUR');
    expect(await alignCrmLocale(crm, FR, { apply: true })).toMatchObject({ status: 'aligned' });
    const opp = (
      await crm.create('Opportunity', {
        name: `maxlocale${Date.now().toString(36)}`,
        amount: 1200,
        amountCurrency: 'EUR',
        closeDate: '2027-01-31',
        stage: 'Prospecting',
      })
    ).record;
    created.push(['Opportunity', opp.id]);
    expect(opp.amountCurrency).toBe('EUR');
    const labels = await crm.labels();
    expect(labels.Lead?.fields?.status).toBe('Statut');
  });
});
