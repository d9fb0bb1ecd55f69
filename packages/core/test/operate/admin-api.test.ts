import { decryptSecret, OPERATOR_SCOPES, type OperatorScope, secretAad } from '@max/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, keyring, startHarness } from '../agent/pipeline/harness.ts';
import { json as body } from './json.ts';
import { operatorKey } from './operator.ts';

/**
 * The operator API as the agent serves it (the Worker forwards each call signed, with the key's id
 * and hash): keys, scopes, tenants a key is limited to, idempotent creates, validation, and the
 * audit of every call — against a real database and the CRM and Green-API stand-ins.
 */
describe('operator API: keys, scopes and tenants', () => {
  let h: Harness;
  let root: string;
  let acmeOnly: string;
  let readOnly: string;
  let revoked: string;
  const key = (scopes: readonly OperatorScope[], tenantIds: string[] | null = null) =>
    operatorKey(h, scopes, tenantIds);
  const tenant = (id: string, idInstance: string) => ({
    id,
    name: `Tenant ${id}`,
    idInstance,
    greenApiUrl: h.green.url,
    crmBaseUrl: h.espo.url,
  });

  beforeAll(async () => {
    h = await startHarness();
    root = await key(OPERATOR_SCOPES);
    acmeOnly = await key(OPERATOR_SCOPES, ['acme']);
    readOnly = await key(['tenants:read']);
    revoked = await key(OPERATOR_SCOPES);
    await h.db.admin`update operator_keys set revoked_at = now() where id = ${revoked.slice(5, 17)}`;
    // beta exists, made by the operator who may act on every tenant.
    expect(
      (await h.admin(root, { action: 'tenant.create', body: tenant('beta', '1101000002') })).status,
    ).toBe(201);
  }, 60_000);
  afterAll(() => h.close());

  it('an unknown key, a known id with a wrong secret, and a revoked key all get the same 401', async () => {
    const wrongSecret = `${root.slice(0, 18)}${'A'.repeat(43)}`;
    const unknown = `mxop_000000000000_${'B'.repeat(43)}`;
    for (const k of [wrongSecret, unknown, revoked]) {
      const r = await h.admin(k, { action: 'tenant.list' });
      expect(r.status).toBe(401);
      expect(body(r).error).toEqual({
        code: 'unauthorized',
        message: 'Unknown or revoked operator key',
        details: { refused: 'operator_key' },
      });
    }
    const refused = await h.db
      .admin`select actor, result, status from operator_audit where result = 'denied' and status = 401`;
    expect(refused.length).toBe(3);
  });

  it('a key without the scope an action needs gets 403, and nothing happens', async () => {
    const r = await h.admin(readOnly, { action: 'tenant.create', body: tenant('gamma', '1101000003') });
    expect(r.status).toBe(403);
    expect(body(r).error.message).toContain('tenants:write');
    expect(await h.db.admin`select id from tenants where id = 'gamma'`).toHaveLength(0);
    expect((await h.admin(readOnly, { action: 'tenant.get', tenantId: 'beta' })).status).toBe(200);
  });

  it('a key limited to acme sees, changes, exports and erases nothing of beta, and cannot create outside acme', async () => {
    const attempts = [
      { action: 'tenant.get', tenantId: 'beta' },
      { action: 'tenant.update', tenantId: 'beta', body: { name: 'Hijacked' } },
      { action: 'secret.set', tenantId: 'beta', name: 'crm_api_key', body: { value: 'stolen-key-000' } },
      { action: 'sender.set', tenantId: 'beta', phone: '+33612345678', body: { role: 'admin' } },
      { action: 'tenant.webhook', tenantId: 'beta' },
      { action: 'data.export', tenantId: 'beta' },
      { action: 'sender.erase', tenantId: 'beta', phone: '+33612345678', body: {} },
      { action: 'rotation.crm', tenantId: 'beta', body: { apiKey: 'another-key-000' } },
      { action: 'usage.get', tenantId: 'beta', month: '2026-12' },
      { action: 'tenant.disable', tenantId: 'beta' },
      { action: 'tenant.delete', tenantId: 'beta' },
      { action: 'tenant.create', body: tenant('evil', '1101000099') },
      // A tenant that does not exist answers the same: nothing to learn about ids.
      { action: 'tenant.get', tenantId: 'nosuch' },
    ];
    for (const a of attempts) {
      const r = await h.admin(acmeOnly, a);
      expect({ action: a.action, status: r.status }).toEqual({ action: a.action, status: 403 });
    }
    const [beta] = await h.db.admin`select name, status from tenants where id = 'beta'`;
    expect({ ...beta }).toEqual({ name: 'Tenant beta', status: 'onboarding' });
    expect(await h.db.admin`select name from tenant_secrets where tenant_id = 'beta'`).toHaveLength(0);
    expect(await h.db.admin`select 1 from whatsapp_senders where tenant_id = 'beta'`).toHaveLength(0);
    expect(await h.db.admin`select 1 from tenants where id = 'evil'`).toHaveLength(0);
    const listed = await h.admin(acmeOnly, { action: 'tenant.list' });
    expect(body(listed).tenants).toEqual([]);
    expect(body(listed).overview).toEqual({});
    const denied = await h.db.admin`
      select count(*)::int as n from operator_audit where actor = ${`key:${acmeOnly.slice(5, 17)}`} and result = 'denied'`;
    expect(denied[0]!.n).toBe(attempts.length);
  });

  it('a create retried with its Idempotency-Key answers the first answer; another body with that key is refused', async () => {
    const first = await h.admin(
      root,
      { action: 'tenant.create', body: tenant('acme', '1101000001') },
      { idempotencyKey: 'create-acme-1' },
    );
    expect(first.status).toBe(201);
    const again = await h.admin(
      root,
      { action: 'tenant.create', body: tenant('acme', '1101000001') },
      { idempotencyKey: 'create-acme-1' },
    );
    expect(again.status).toBe(201);
    expect(body(again)).toEqual({ ...body(first), replayed: true });
    const other = await h.admin(
      root,
      { action: 'tenant.create', body: { ...tenant('acme', '1101000001'), name: 'Other' } },
      { idempotencyKey: 'create-acme-1' },
    );
    expect(other.status).toBe(422);
    // Without a key, a second create of the same id is a conflict, not a second tenant.
    const dup = await h.admin(root, { action: 'tenant.create', body: tenant('acme', '1101000001') });
    expect(dup.status).toBe(409);
    expect(body(dup).error.message).toBe('a tenant with this id exists');
    // An instance is one tenant's.
    const stolen = await h.admin(root, { action: 'tenant.create', body: tenant('acme-2', '1101000001') });
    expect(stolen.status).toBe(409);
    expect(await h.db.admin`select id from tenants where id like 'acme%'`).toHaveLength(1);
  });

  it('invalid input is a 400 naming the field, before anything runs', async () => {
    const cases = [
      { action: 'tenant.create', body: { ...tenant('Bad Id', '1101000010') } },
      { action: 'tenant.create', body: { ...tenant('ok-id', '12') } },
      { action: 'tenant.create', body: { ...tenant('ok-id', '1101000010'), crmBaseUrl: 'ftp://x' } },
      { action: 'tenant.create', body: { ...tenant('ok-id', '1101000010'), surprise: true } },
      { action: 'secret.set', tenantId: 'acme', name: 'root_password', body: { value: 'x'.repeat(10) } },
      { action: 'sender.set', tenantId: 'acme', phone: 'not a phone', body: { role: 'admin' } },
      { action: 'member.set', tenantId: 'acme', userId: 'nope', body: { role: 'owner' } },
      { action: 'usage.get', tenantId: 'acme', month: '2026-13' },
      { action: 'no.such.action' },
    ];
    for (const c of cases) {
      const r = await h.admin(root, c);
      expect({ c: c.action, status: r.status, code: body(r).error?.code }).toEqual({
        c: c.action,
        status: 400,
        code: 'validation',
      });
    }
    // Checked by core after the schema: a time zone and a region that do not exist.
    const tz = await h.admin(root, {
      action: 'tenant.update',
      tenantId: 'acme',
      body: { timezone: 'Mars/Olympus' },
    });
    expect(tz.status).toBe(400);
    expect(body(tz).error.message).toContain('Mars/Olympus');
    const phone = await h.admin(root, {
      action: 'sender.set',
      tenantId: 'acme',
      phone: '06 12 34',
      body: { role: 'admin' },
    });
    expect(phone.status).toBe(400);
    expect(await h.db.admin`select id from tenants where id = 'ok-id'`).toHaveLength(0);
  });

  it('the tenant list carries each tenant health and this month usage, for the operator console', async () => {
    const month = new Date().toISOString().slice(0, 7);
    await h.db.admin`
      insert into tenant_health (tenant_id, checked_at, status, components, messages_last_hour, failed_last_hour,
                                 dead_letters_last_hour, outbox_backlog)
      values ('beta', now(), 'down', '{}', 0, 0, 0, 0)`;
    await h.db.admin`insert into health_incidents (tenant_id, component) values ('beta', 'whatsapp')`;
    await h.db.admin`
      insert into tenant_usage (tenant_id, day, messages_in, leads_created, new_month_users)
      values ('beta', ${`${month}-01`}::date, 7, 2, 1), ('beta', '2020-01-01', 900, 900, 9)`;
    const listed = body(await h.admin(root, { action: 'tenant.list' }));
    expect(listed.overview.beta).toEqual({
      health: 'down',
      checkedAt: expect.any(String),
      openIncidents: ['whatsapp'],
      month,
      usage: { messagesIn: 7, messagesOut: 0, leadsCreated: 2, activeUsers: 1 },
    });
    expect(Object.keys(listed.overview).sort()).toEqual(
      listed.tenants.map((t: { id: string }) => t.id).sort(),
    );
  });

  it('the public CRM URL the console links records to is set, shown and cleared; only http(s) is accepted', async () => {
    const set = await h.admin(root, {
      action: 'tenant.update',
      tenantId: 'acme',
      body: { crmPublicUrl: 'https://crm.acme.example' },
    });
    expect(set.status).toBe(200);
    expect(body(set).tenant.crmPublicUrl).toBe('https://crm.acme.example');
    for (const bad of [
      'javascript:alert(1)',
      'data:text/html,x',
      'https://crm.example/ x',
      'ftp://crm.example',
    ])
      expect(
        (await h.admin(root, { action: 'tenant.update', tenantId: 'acme', body: { crmPublicUrl: bad } }))
          .status,
      ).toBe(400);
    const [kept] = await h.db.admin`select crm_public_url from tenants where id = 'acme'`;
    expect(kept!.crm_public_url).toBe('https://crm.acme.example');
    const cleared = await h.admin(root, {
      action: 'tenant.update',
      tenantId: 'acme',
      body: { crmPublicUrl: null },
    });
    expect(body(cleared).tenant.crmPublicUrl).toBeNull();
  });

  it('secrets are write-only: stored sealed for their tenant and name, never in an answer or the audit', async () => {
    const r = await h.admin(root, {
      action: 'secret.set',
      tenantId: 'acme',
      name: 'crm_api_key',
      body: { value: h.espo.apiKey },
    });
    expect(r.status).toBe(200);
    expect(JSON.stringify(r.body)).not.toContain(h.espo.apiKey);
    const [row] = await h.db
      .admin`select ciphertext from tenant_secrets where tenant_id = 'acme' and name = 'crm_api_key'`;
    expect(String(row!.ciphertext)).not.toContain(h.espo.apiKey);
    expect(await decryptSecret(keyring, String(row!.ciphertext), secretAad('acme', 'crm_api_key'))).toBe(
      h.espo.apiKey,
    );
    const described = await h.admin(root, { action: 'tenant.get', tenantId: 'acme' });
    expect(body(described).secrets).toEqual([
      { name: 'crm_api_key', keyId: 'k1', updatedAt: expect.any(String) },
    ]);
    expect(JSON.stringify(described.body)).not.toContain('v1.');
    const audit = await h.db.admin`select detail::text as d from operator_audit where detail is not null`;
    expect(audit.every((a) => !String(a.d).includes(h.espo.apiKey))).toBe(true);
  });

  it('every call, accepted or refused, is one operator_audit row with the key, the action and the tenant', async () => {
    const before = await h.db.admin`select count(*)::int as n from operator_audit`;
    await h.admin(root, { action: 'tenant.get', tenantId: 'acme' });
    await h.admin(readOnly, { action: 'tenant.disable', tenantId: 'acme' });
    const rows = await h.db
      .admin`select actor, action, tenant_id, result, status from operator_audit order by id desc limit 2`;
    expect(rows.map((r) => ({ ...r })).reverse()).toEqual([
      {
        actor: `key:${root.slice(5, 17)}`,
        action: 'tenant.get',
        tenant_id: 'acme',
        result: 'ok',
        status: 200,
      },
      {
        actor: `key:${readOnly.slice(5, 17)}`,
        action: 'tenant.disable',
        tenant_id: 'acme',
        result: 'denied',
        status: 403,
      },
    ]);
    const after = await h.db.admin`select count(*)::int as n from operator_audit`;
    expect(after[0]!.n - before[0]!.n).toBe(2);
    await expect(h.db.admin`delete from operator_audit`).rejects.toThrow(/append-only/);
  });
});
