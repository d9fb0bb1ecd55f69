import { generateKeyBase64 } from '@max/core';
import { migrate, startEspoStandIn, startGreenApiStandIn, startPglite } from '@max/sandbox';
import type postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTenantCli, withDatabase } from './helpers/tenant-cli.ts';

/**
 * Onboarding sets a dedicated CRM's currencies, time zone and language from the tenant's country:
 * at the tenant's first activation, and again with `checks --fix`; otherwise `checks` (alias
 * doctor) reports the mismatch. Every change is in max_logs; a shared CRM is never touched.
 */
describe('npm run tenant: the CRM in the tenant’s locale', () => {
  let pg: Awaited<ReturnType<typeof startPglite>>;
  let own: Awaited<ReturnType<typeof startEspoStandIn>>;
  let shared: Awaited<ReturnType<typeof startEspoStandIn>>;
  let green: Awaited<ReturnType<typeof startGreenApiStandIn>>;
  const keyring = JSON.stringify({ activeKeyId: 'k1', keys: { k1: generateKeyBase64() } });
  const cli = (...args: string[]) => runTenantCli(pg.url, keyring, args);
  const query = <T>(fn: (sql: postgres.Sql) => Promise<T>) => withDatabase(pg.url, fn);
  const settingsOf = async (espo: typeof own) =>
    (await fetch(`${espo.url}/api/v1/Settings`, { headers: { 'X-Api-Key': espo.apiKey } }).then((r) =>
      r.json(),
    )) as Record<string, unknown>;
  const audit = (tenant: string) =>
    query(
      (sql) =>
        sql`select actor, result, detail from max_logs where tenant_id = ${tenant} and action = 'crm_locale' order by id`,
    );
  const add = async (id: string, instance: string, crmUrl: string, ...more: string[]) => {
    const base = [
      'add',
      id,
      '--name',
      id,
      '--instance',
      instance,
      '--green-url',
      green.url,
      '--crm-url',
      crmUrl,
    ];
    expect((await cli(...base, ...more)).code).toBe(0);
  };
  const secret = async (id: string, name: string, value: string) =>
    expect((await cli('set-secret', id, name, value)).code).toBe(0);

  beforeAll(async () => {
    [pg, own, shared, green] = await Promise.all([
      startPglite(),
      startEspoStandIn(),
      startEspoStandIn(),
      startGreenApiStandIn({ tokens: { '1101000091': 'g91', '1101000092': 'g92', '1101000093': 'g93' } }),
    ]);
    await query((sql) => migrate(sql));
  }, 60_000);
  afterAll(async () => {
    await Promise.allSettled([own.stop(), shared.stop(), green.stop()]);
    await pg.stop();
  });

  it('the activation of a dedicated French tenant sets EUR, Europe/Paris and fr_FR, audited; the checks then find it aligned', async () => {
    await add('lyon', '1101000091', own.url);
    await secret('lyon', 'crm_api_key', own.apiKey);
    await secret('lyon', 'crm_admin_username', own.credentials.adminUser);
    await secret('lyon', 'crm_admin_password', own.credentials.adminPassword);
    await secret('lyon', 'greenapi_token', 'g91');
    const first = await cli('activate', 'lyon');
    expect(first.code).toBe(0);
    expect(first.out).toContain(
      '✔ crm.locale: set: currencyList USD → EUR; defaultCurrency USD → EUR; baseCurrency USD → EUR; timeZone UTC → Europe/Paris; language en_US → fr_FR',
    );
    expect(first.out).toContain('✔ lyon is active');
    expect(await settingsOf(own)).toMatchObject({
      currencyList: ['EUR'],
      defaultCurrency: 'EUR',
      timeZone: 'Europe/Paris',
      language: 'fr_FR',
    });
    const rows = await audit('lyon');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ result: 'ok', detail: { trigger: 'onboarding' } });
    expect(String(rows[0]!.actor)).toMatch(/^operator:cli:/);
    expect(rows[0]!.detail.changes).toHaveLength(5);
    const again = await cli('doctor', 'lyon');
    expect(again.out).toContain('✔ crm.locale: EUR, Europe/Paris, fr_FR');
    // Activating again (a disabled tenant enabled) reports, it does not set again.
    expect((await cli('activate', 'lyon')).out).toContain('✔ crm.locale: EUR, Europe/Paris, fr_FR');
    expect(await audit('lyon')).toHaveLength(1);
  }, 60_000);

  it('later, a CRM moved off the locale is reported (nothing written) until checks --fix sets it back, audited', async () => {
    const admin = {
      'Espo-Authorization': btoa(`${own.credentials.adminUser}:${own.credentials.adminPassword}`),
    };
    await fetch(`${own.url}/api/v1/Settings`, {
      method: 'PUT',
      headers: { ...admin, 'content-type': 'application/json' },
      body: JSON.stringify({ timeZone: 'UTC', language: 'en_US' }),
    });
    const report = await cli('doctor', 'lyon');
    expect(report.out).toContain('✘ crm.locale: timeZone UTC → Europe/Paris; language en_US → fr_FR');
    expect(report.out).toContain('npm run tenant -- checks lyon --fix');
    expect(await settingsOf(own)).toMatchObject({ timeZone: 'UTC' });
    expect(await audit('lyon')).toHaveLength(1);
    const fixed = await cli('checks', 'lyon', '--fix');
    expect(fixed.out).toContain('✔ crm.locale: set: timeZone UTC → Europe/Paris; language en_US → fr_FR');
    expect(await settingsOf(own)).toMatchObject({ timeZone: 'Europe/Paris', language: 'fr_FR' });
    expect((await audit('lyon')).at(-1)).toMatchObject({ result: 'ok', detail: { trigger: 'fix' } });
  }, 60_000);

  it('a British tenant added without --timezone gets London time; without the CRM admin its activation cannot set the locale, says so, audits the error and still activates', async () => {
    await add('leeds', '1101000093', shared.url, '--country', 'GB', '--locale', 'en');
    const [t] = await query((sql) => sql`select timezone from tenants where id = 'leeds'`);
    expect(t!.timezone).toBe('Europe/London');
    await secret('leeds', 'crm_api_key', shared.apiKey);
    await secret('leeds', 'greenapi_token', 'g93');
    // The locale is not a reason to stay inactive: a CRM in USD still works (MAX names its currencies).
    const d = await cli('activate', 'leeds');
    expect(d.out).toMatch(/✘ crm.locale: could not set currencyList USD → GBP;.*: forbidden/);
    expect(d.out).toContain('Settings need the CRM admin');
    expect(d.out).toContain('✔ leeds is active');
    expect(await settingsOf(shared)).toMatchObject({ currencyList: ['USD'], timeZone: 'UTC' });
    expect(await audit('leeds')).toEqual([
      expect.objectContaining({ result: 'error', detail: expect.objectContaining({ error: 'forbidden' }) }),
    ]);
  }, 60_000);

  it('shared mode: activation, checks and checks --fix never read or change the CRM’s settings', async () => {
    for (const entity of ['Lead', 'Contact', 'Account', 'Opportunity', 'Task', 'Note'])
      shared.addField(entity, 'cTenantId', { type: 'varchar', maxLength: 64, isCustom: true });
    await add('nice', '1101000092', shared.url, '--mode', 'shared');
    await secret('nice', 'crm_api_key', shared.apiKey);
    await secret('nice', 'crm_admin_username', shared.credentials.adminUser);
    await secret('nice', 'crm_admin_password', shared.credentials.adminPassword);
    await secret('nice', 'greenapi_token', 'g92');
    const before = shared.log.length;
    for (const args of [
      ['activate', 'nice'],
      ['checks', 'nice'],
      ['checks', 'nice', '--fix'],
    ]) {
      const d = await cli(...args);
      expect(d.out).toContain(
        "– crm.locale: shared CRM: its currencies, time zone and language are the operator's",
      );
    }
    expect(shared.log.slice(before).filter((l) => l.path === '/api/v1/Settings')).toEqual([]);
    expect(await settingsOf(shared)).toMatchObject({
      currencyList: ['USD'],
      timeZone: 'UTC',
      language: 'en_US',
    });
    expect(await audit('nice')).toEqual([]);
  }, 60_000);
});
