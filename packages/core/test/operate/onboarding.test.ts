import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../agent/pipeline/harness.ts';
import { json } from './json.ts';
import { operatorKey } from './operator.ts';

const ADMIN = '33612345001@c.us';

/**
 * Onboarding in one call sequence: create → secrets → people → checks pass → activate. A tenant
 * whose checks fail stays where it is and the answer says what to fix; once active, MAX answers it.
 */
describe('onboarding a tenant through the operator API', () => {
  let h: Harness;
  let key: string;
  const fixes = (r: { body: Record<string, unknown> }) =>
    (json(r).error.details.fix as Array<{ check: string }>).map((f) => f.check);
  const status = async (id: string) =>
    (await h.db.admin`select status from tenants where id = ${id}`)[0]!.status;

  beforeAll(async () => {
    h = await startHarness();
    key = await operatorKey(h);
  }, 60_000);
  afterAll(() => h.close());

  const create = (id: string, idInstance: string, extra: Record<string, unknown> = {}) =>
    h.admin(key, {
      action: 'tenant.create',
      body: {
        id,
        name: `Tenant ${id}`,
        idInstance,
        greenApiUrl: h.green.url,
        crmBaseUrl: h.espo.url,
        ...extra,
      },
    });
  const secret = (tenantId: string, name: string, value: string) =>
    h.admin(key, { action: 'secret.set', tenantId, name, body: { value } });
  const activate = (tenantId: string) => h.admin(key, { action: 'tenant.activate', tenantId });

  it('a new tenant is in onboarding, and MAX answers nothing for it', async () => {
    const r = await create('acme', '1101000041');
    expect(r.status).toBe(201);
    expect(json(r).tenant).toMatchObject({
      id: 'acme',
      status: 'onboarding',
      crmMode: 'dedicated',
      locale: 'fr',
    });
    const res = await h.deliver(h.text('1101000041', ADMIN, 'bonjour', 'ONB-1'));
    expect(res.body).toMatchObject({ outcome: 'ignored' });
    expect(h.green.sent()).toEqual([]);
  });

  it('activation with no secrets stays onboarding and names each missing secret and how to set it', async () => {
    const r = await activate('acme');
    expect(r.status).toBe(422);
    expect(fixes(r)).toEqual(['secret.crm_api_key', 'secret.greenapi_token']);
    expect(json(r).error.details.fix[0].fix).toContain('PUT /api/admin/tenants/acme/secrets/crm_api_key');
    expect(await status('acme')).toBe('onboarding');
  });

  it('a CRM key the CRM refuses, an admin user who is not an administrator, an instance not authorised: each named, still onboarding', async () => {
    await secret('acme', 'crm_api_key', 'not-the-right-key');
    await secret('acme', 'greenapi_token', h.green.tokenFor('1101000041'));
    let r = await activate('acme');
    expect(fixes(r)).toEqual(['crm.auth']);
    await secret('acme', 'crm_api_key', h.espo.apiKey);
    // The API user as "admin": EspoCRM API users are never administrators.
    await secret('acme', 'crm_admin_username', 'crm-client-apikey');
    await secret('acme', 'crm_admin_password', 'whatever-password');
    h.green.setState('1101000041', 'notAuthorized');
    r = await activate('acme');
    expect(fixes(r)).toEqual(['crm.admin', 'greenapi.state']);
    expect(
      json(r).error.details.checks.find((c: { name: string }) => c.name === 'greenapi.state').detail,
    ).toBe('notAuthorized');
    expect(await status('acme')).toBe('onboarding');
  });

  it('shared mode needs the tenant field on every entity MAX writes: a CRM without it is refused', async () => {
    await create('shared-co', '1101000042', { crmMode: 'shared' });
    await secret('shared-co', 'crm_api_key', h.espo.apiKey);
    await secret('shared-co', 'greenapi_token', h.green.tokenFor('1101000042'));
    const r = await activate('shared-co');
    expect(r.status).toBe(422);
    expect(fixes(r)).toEqual(
      ['Lead', 'Contact', 'Account', 'Opportunity', 'Task', 'Note'].map((e) => `crm.tenant_field.${e}`),
    );
    expect(await status('shared-co')).toBe('onboarding');
  });

  it('once every check passes, activation makes it active, and MAX answers its admin on WhatsApp', async () => {
    await secret('acme', 'crm_admin_username', h.espo.credentials.adminUser);
    await secret('acme', 'crm_admin_password', h.espo.credentials.adminPassword);
    h.green.setState('1101000041', 'authorized');
    expect(
      (
        await h.admin(key, {
          action: 'sender.set',
          tenantId: 'acme',
          phone: '06 12 34 50 01',
          body: { role: 'admin' },
        })
      ).status,
    ).toBe(200);
    const checks = await h.admin(key, { action: 'tenant.checks', tenantId: 'acme' });
    expect(json(checks).ok).toBe(true);
    const r = await activate('acme');
    expect(r.status).toBe(200);
    expect(json(r).tenant.status).toBe('active');
    const res = await h.deliver(
      h.text('1101000041', ADMIN, 'crée un lead Onboard Test, email onboard@test.fr', 'ONB-2'),
    );
    expect(res.status).toBe(200);
    const sent = h.green.sent().filter((m) => m.chatId === ADMIN);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.message).toContain('Onboard Test');
    expect(h.espo.state.records('Lead').some((l) => l.emailAddress === 'onboard@test.fr')).toBe(true);
  });

  it('the webhook answer names the instance only; the token is not the agent’s to make', async () => {
    const r = await h.admin(key, { action: 'tenant.webhook', tenantId: 'acme' });
    expect(r.body).toEqual({ tenantId: 'acme', idInstance: '1101000041', webhookPath: '/webhooks/greenapi' });
  });

  it('a disabled tenant is answered nothing again, and enabling it runs the checks again', async () => {
    expect((await h.admin(key, { action: 'tenant.disable', tenantId: 'acme' })).status).toBe(200);
    const res = await h.deliver(h.text('1101000041', ADMIN, 'bonjour', 'ONB-3'));
    expect(res.body).toMatchObject({ outcome: 'ignored' });
    h.espo.faults.add({ id: 'crm-down', mode: 'down' });
    const r = await activate('acme');
    expect(fixes(r)).toEqual(['crm.reachable']);
    expect(await status('acme')).toBe('disabled');
    h.espo.faults.clear();
    expect((await activate('acme')).status).toBe(200);
  });
});
