import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInfraEspo } from './helpers.ts';

type Started = Awaited<ReturnType<typeof startInfraEspo>>;
type R = Record<string, unknown>;

/**
 * `GET` / `PUT Settings` as a real EspoCRM 8.4.2 answers them (seen on the install of
 * /work/shared/espocrm): who may change the config, what is validated, when the currency step fails.
 */
describe('EspoCRM stand-in Settings', () => {
  let s: Started;
  beforeAll(async () => {
    s = await startInfraEspo();
  });
  afterAll(() => s.espo.stop());

  it('a fresh install reads USD only, UTC, en_US, no rates (an empty PHP array), to an API user', async () => {
    expect((await s.api.get<Record<string, { fields?: R }>>('I18n')).body.MissionMAX?.fields?.startDate).toBe(
      'Start Date',
    );
    const got = await s.api.get('Settings');
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({
      currencyList: ['USD'],
      defaultCurrency: 'USD',
      baseCurrency: 'USD',
      currencyRates: [],
      timeZone: 'UTC',
      language: 'en_US',
    });
  });

  it('PUT is for admins (an API user gets 403, no user 401); PATCH and POST have no route', async () => {
    expect((await s.api.put('Settings', { timeZone: 'Europe/Paris' })).status).toBe(403);
    const anon = await fetch(`${s.espo.url}/api/v1/Settings`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(anon.status).toBe(401);
    expect((await s.api.admin('PATCH', 'Settings', { timeZone: 'Europe/Paris' })).status).toBe(404);
    expect((await s.api.admin('POST', 'Settings', {})).status).toBe(404);
    expect((await s.api.get<R>('Settings')).body.timeZone).toBe('UTC');
  });

  it('an invalid time zone or an empty currency list is a 400 naming the field, and nothing is written', async () => {
    const tz = await s.api.admin('PUT', 'Settings', { timeZone: 'Mars/Olympus', language: 'fr_FR' });
    expect([tz.status, tz.reason]).toEqual([
      400,
      'Field validation failure; entityType: Settings, field: timeZone, type: valid.',
    ]);
    const list = await s.api.admin('PUT', 'Settings', { currencyList: [] });
    expect([list.status, list.reason]).toEqual([
      400,
      'Field validation failure; entityType: Settings, field: currencyList, type: required.',
    ]);
    expect((await s.api.get<R>('Settings')).body).toMatchObject({ language: 'en_US', currencyList: ['USD'] });
  });

  it('an admin sets currencies, base, time zone and language; the answer and later reads show them, and I18n follows the language', async () => {
    const put = await s.api.admin('PUT', 'Settings', {
      currencyList: ['EUR', 'USD'],
      defaultCurrency: 'EUR',
      baseCurrency: 'EUR',
      timeZone: 'Europe/Paris',
      language: 'fr_FR',
    });
    expect(put.status).toBe(200);
    const want = {
      currencyList: ['EUR', 'USD'],
      defaultCurrency: 'EUR',
      baseCurrency: 'EUR',
      timeZone: 'Europe/Paris',
      language: 'fr_FR',
    };
    expect(put.body).toMatchObject(want);
    expect((await s.api.get('Settings')).body).toMatchObject(want);
    const i18n = await s.api.get<Record<string, { fields?: R }>>('I18n');
    expect(i18n.body.MissionMAX?.fields?.startDate).toBe('Date de début');
    // A new opportunity without a currency takes the new default.
    const opp = await s.api.create('Opportunity', { name: 'Site', amount: 100, closeDate: '2027-01-01' });
    expect(opp.amountCurrency).toBe('EUR');
  });

  it('a default currency other than the base one, without a rate for it: a bare 500, yet the config was saved (as 8.4.2 does)', async () => {
    const put = await s.api.admin('PUT', 'Settings', {
      currencyList: ['GBP', 'EUR'],
      defaultCurrency: 'GBP',
    });
    expect([put.status, put.reason]).toEqual([500, null]);
    expect((await s.api.get('Settings')).body).toMatchObject({
      currencyList: ['GBP', 'EUR'],
      defaultCurrency: 'GBP',
    });
    // With a rate for it, the same change goes through.
    const ok = await s.api.admin('PUT', 'Settings', { defaultCurrency: 'GBP', currencyRates: { GBP: 1.17 } });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ baseCurrency: 'EUR', currencyRates: { GBP: 1.17 } });
  });
});
