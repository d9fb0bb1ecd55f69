import { decryptSecret, secretAad } from '@max/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, keyring, startHarness } from '../agent/pipeline/harness.ts';
import { json } from './json.ts';
import { operatorKey } from './operator.ts';

const ADMIN = '33612360001@c.us';
const INSTANCE = '1101000061';

/**
 * Rotating a tenant's CRM API key and Green-API token without downtime, against the stand-ins as
 * EspoCRM and Green-API behave: a new API user (its own key) next to the old one, a new instance
 * token next to the old one, each revoked when the operator chooses.
 */
describe('credential rotation without downtime', () => {
  let h: Harness;
  let key: string;
  let newCrmKey: string;
  let seq = 0;
  const oldCrmKey = () => h.espo.apiKey;
  const apiUser = (k: string) => h.espo.users.find((u) => u.apiKey === k)!;
  /** Revokes / restores an EspoCRM API key (the API user's key is changed, as "regenerate" does). */
  const revokeCrm = (k: string) => {
    apiUser(k).apiKey = `revoked-${k}`;
  };
  const restoreCrm = (k: string) => {
    h.espo.users.find((u) => u.apiKey === `revoked-${k}`)!.apiKey = k;
  };
  const secretOf = async (name: string) => {
    const [r] = await h.db
      .admin`select ciphertext from tenant_secrets where tenant_id = 'acme' and name = ${name}`;
    return r ? decryptSecret(keyring, String(r.ciphertext), secretAad('acme', name)) : null;
  };
  const steps = async () =>
    (
      await h.db.admin`select result, detail ->> 'step' as step from max_logs
                        where tenant_id = 'acme' and action = 'credential_rotation' order by id`
    ).map((r) => `${r.step}:${r.result}`);
  /**
   * A message that creates a lead: answered only if the CRM took the write. Each comes from its own
   * admin's chat: messages of one chat are answered in order (a later one is deferred, 202), and this
   * test is about concurrent requests across the switch, not one chat's order.
   */
  const createLead = async () => {
    const n = ++seq;
    const sender = n === 1 ? ADMIN : `336123${String(70000 + n).padStart(5, '0')}@c.us`;
    if (n > 1)
      await h.db
        .admin`insert into whatsapp_senders (tenant_id, chat_id, role) values ('acme', ${sender}, 'admin')`;
    const { responses } = await h.deliverUntilSettled(
      h.text(INSTANCE, sender, `crée un lead Rot${n} Test, email rot${n}@test.fr`, `ROT-${n}`),
    );
    const res = responses.at(-1)!;
    const created = h.espo.state.records('Lead').filter((l) => l.emailAddress === `rot${n}@test.fr`);
    return { status: res.status, outcome: res.body.outcome, created: created.length };
  };

  beforeAll(async () => {
    h = await startHarness();
    await h.seedTenant({ id: 'acme', idInstance: INSTANCE, crmUrl: h.espo.url, admin: ADMIN });
    key = await operatorKey(h);
    // A second API user in EspoCRM, made by its admin as an operator does: its key is the new one.
    const auth = `Basic ${btoa(`${h.espo.credentials.adminUser}:${h.espo.credentials.adminPassword}`)}`;
    const res = await fetch(`${h.espo.url}/api/v1/User`, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/json' },
      body: JSON.stringify({ userName: 'max-rotated', type: 'api', authMethod: 'ApiKey' }),
    });
    newCrmKey = ((await res.json()) as { apiKey: string }).apiKey;
  }, 60_000);
  afterAll(() => h.close());

  it('a wrong new CRM key is refused before the switch: nothing changes, and MAX keeps working', async () => {
    const r = await h.admin(key, {
      action: 'rotation.crm',
      tenantId: 'acme',
      body: { apiKey: 'not-a-valid-key-000' },
    });
    expect(r.status).toBe(422);
    expect(json(r).error.message).toContain('refused, nothing changed: crm.auth');
    expect(await secretOf('crm_api_key')).toBe(oldCrmKey());
    expect(await secretOf('next_crm_api_key')).toBeNull();
    expect(await secretOf('prev_crm_api_key')).toBeNull();
    expect(await steps()).toEqual(['staged:ok', 'refused:denied']);
    expect(
      JSON.stringify(await h.db.admin`select detail from max_logs where action = 'credential_rotation'`),
    ).not.toContain('not-a-valid-key');
    expect(await createLead()).toEqual({ status: 200, outcome: 'done', created: 1 });
  });

  it('calls keep succeeding across the switch while requests are in flight, each write made once', async () => {
    // Every lead write takes 400 ms: the rotation happens while they are in flight.
    h.espo.faults.add({ id: 'slow', mode: 'latency', method: 'POST', path: '/api/v1/Lead', delayMs: 400 });
    const before = Array.from({ length: 6 }, () => createLead());
    await new Promise((r) => setTimeout(r, 100));
    const r = await h.admin(key, {
      action: 'rotation.crm',
      tenantId: 'acme',
      body: { apiKey: newCrmKey, graceHours: 24 },
    });
    const after = Array.from({ length: 6 }, () => createLead());
    const results = await Promise.all([...before, ...after]);
    h.espo.faults.clear();
    expect(r.status).toBe(200);
    expect(json(r).rotation).toMatchObject({ service: 'crm', state: 'grace' });
    expect(results.every((x) => x.status === 200 && x.created === 1)).toBe(true);
    expect(await secretOf('crm_api_key')).toBe(newCrmKey);
    expect(await secretOf('prev_crm_api_key')).toBe(oldCrmKey());
    expect(await steps()).toEqual(['staged:ok', 'refused:denied', 'staged:ok', 'switched:ok']);
    // MAX now signs in with the new key: the old one can be revoked in the CRM.
    revokeCrm(oldCrmKey());
    expect(await createLead()).toEqual({ status: 200, outcome: 'done', created: 1 });
    restoreCrm(oldCrmKey());
  });

  it('during the grace period the previous key answers for a refused new one; after it, it is dropped', async () => {
    revokeCrm(newCrmKey);
    expect(await createLead()).toEqual({ status: 200, outcome: 'done', created: 1 });
    expect(h.logger.lines.some((l) => l.event === 'crm.credential_fallback')).toBe(true);
    // The grace period ends; the cron's maintenance drops the previous key.
    await h.db
      .admin`update credential_rotations set grace_until = now() - interval '1 second' where state = 'grace'`;
    const run = await h.health();
    expect(json(run).maintenance.rotationsEnded).toBe(1);
    expect(await secretOf('prev_crm_api_key')).toBeNull();
    expect(await steps()).toEqual([
      'staged:ok',
      'refused:denied',
      'staged:ok',
      'switched:ok',
      'previous_dropped:ok',
    ]);
    // Without a fallback, a refused key is refused: the write is not made.
    const refused = await createLead();
    expect(refused.created).toBe(0);
    restoreCrm(newCrmKey);
    expect(await createLead()).toEqual({ status: 200, outcome: 'done', created: 1 });
  });

  it('the Green-API token: a wrong one is refused; a new one is switched in, the old one answers while it lasts', async () => {
    const oldToken = h.green.tokenFor(INSTANCE);
    const wrong = await h.admin(key, {
      action: 'rotation.greenapi',
      tenantId: 'acme',
      body: { token: 'wrong-token-0000' },
    });
    expect(wrong.status).toBe(422);
    expect(await secretOf('greenapi_token')).toBe(oldToken);
    h.green.acceptToken(INSTANCE, 'brand-new-token-0001');
    const r = await h.admin(key, {
      action: 'rotation.greenapi',
      tenantId: 'acme',
      body: { token: 'brand-new-token-0001', graceHours: 1 },
    });
    expect(r.status).toBe(200);
    expect(await secretOf('greenapi_token')).toBe('brand-new-token-0001');
    expect(await secretOf('prev_greenapi_token')).toBe(oldToken);
    // The new token revoked by mistake: replies still go out with the previous one.
    h.green.refuseToken(INSTANCE, 'brand-new-token-0001');
    const sent = h.green.sent().length;
    expect(await createLead()).toMatchObject({ status: 200, created: 1 });
    expect(h.green.sent().length).toBe(sent + 1);
    expect(h.logger.lines.some((l) => l.event === 'greenapi.credential_fallback')).toBe(true);
  });

  it('a rotation while another is running is refused; a rotation of a tenant in basic auth is refused', async () => {
    await h.db
      .admin`insert into credential_rotations (tenant_id, service, state, actor) values ('acme', 'crm', 'validating', 'cli:x')`;
    const busy = await h.admin(key, {
      action: 'rotation.crm',
      tenantId: 'acme',
      body: { apiKey: newCrmKey },
    });
    expect(busy.status).toBe(409);
    await h.db.admin`delete from credential_rotations where state = 'validating'`;
    await h.db.admin`update tenants set crm_auth_mode = 'basic' where id = 'acme'`;
    const basic = await h.admin(key, {
      action: 'rotation.crm',
      tenantId: 'acme',
      body: { apiKey: newCrmKey },
    });
    expect(basic.status).toBe(400);
    await h.db.admin`update tenants set crm_auth_mode = 'apikey' where id = 'acme'`;
  });
});
