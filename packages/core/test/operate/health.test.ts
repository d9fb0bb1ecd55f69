import { type AlertHook, startAlertHook } from '@max/sandbox';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../agent/pipeline/harness.ts';
import { json } from './json.ts';
import { operatorKey } from './operator.ts';

const ACME_ADMIN = '33612340001@c.us';
const ACME_MEMBER = '33612340002@c.us';
const GLOBEX_ADMIN = '33612340003@c.us';

/**
 * Tenant health as the cron runs it (the health job, through the agent's dispatcher): a broken CRM
 * or WhatsApp instance, failing messages; one alert per incident however many runs see it (two at
 * once included), a daily reminder while it lasts, one recovery notice — to the tenant's admins on
 * WhatsApp, or the operator's webhook when WhatsApp is what broke.
 */
describe('tenant health on a schedule, with alerts', () => {
  let h: Harness;
  let hook: AlertHook;
  let posted: AlertHook['posted'];

  beforeAll(async () => {
    hook = await startAlertHook();
    posted = hook.posted;
    h = await startHarness({ operate: { alertWebhookUrl: hook.url } });
    await h.seedTenant({
      id: 'acme',
      idInstance: '1101000051',
      crmUrl: h.espo.url,
      admin: ACME_ADMIN,
      member: ACME_MEMBER,
    });
    await h.seedTenant({
      id: 'globex',
      idInstance: '1101000052',
      crmUrl: h.espo.url,
      admin: GLOBEX_ADMIN,
      locale: 'en',
    });
  }, 60_000);
  afterAll(async () => {
    await h.close();
    await hook.stop();
  });
  beforeEach(() => {
    h.espo.faults.clear();
    h.green.setState('1101000051', 'authorized');
    h.green.setState('1101000052', 'authorized');
  });

  const to = (chat: string) => h.green.sent().filter((m) => m.chatId === chat);
  /** Two cron firings at once. */
  const twice = async () => {
    const [a, b] = await Promise.all([h.health(), h.health()]);
    expect([a.status, b.status]).toEqual([200, 200]);
    return [json(a), json(b)];
  };

  it('all well: each active tenant checked and recorded ok, nobody told anything', async () => {
    const [a, b] = await twice();
    expect(a.checked + b.checked).toBe(4);
    const rows = await h.db.admin`select tenant_id, status from tenant_health order by tenant_id`;
    expect(rows.map((r) => ({ ...r }))).toEqual([
      { tenant_id: 'acme', status: 'ok' },
      { tenant_id: 'globex', status: 'ok' },
    ]);
    expect(h.green.sent()).toEqual([]);
    expect(posted).toEqual([]);
  });

  it('the CRM goes down: two runs at once tell each admin exactly once (members never), in their language', async () => {
    h.espo.faults.add({ id: 'crm-down', mode: 'down' });
    await twice();
    await twice();
    expect(to(ACME_ADMIN)).toHaveLength(1);
    expect(to(ACME_ADMIN)[0]!.message).toMatch(/^⚠️ MAX \(Tenant acme\) ne joint plus votre CRM/);
    expect(to(GLOBEX_ADMIN)).toHaveLength(1);
    expect(to(GLOBEX_ADMIN)[0]!.message).toMatch(/^⚠️ MAX \(Tenant globex\) cannot reach your CRM/);
    expect(to(ACME_MEMBER)).toEqual([]);
    const open = await h.db
      .admin`select tenant_id, component from health_incidents where resolved_at is null order by tenant_id`;
    expect(open.map((r) => `${r.tenant_id}:${r.component}`)).toEqual(['acme:crm', 'globex:crm']);
    const [row] = await h.db
      .admin`select status, components -> 'crm' ->> 'detail' as d from tenant_health where tenant_id = 'acme'`;
    expect(row!.status).toBe('down');
    expect(row!.d).toContain('crm.reachable');
    expect(posted).toEqual([]);
  });

  it('it comes back: two runs at once send exactly one recovery notice each, and a flap within the hour stays quiet', async () => {
    await twice();
    expect(to(ACME_ADMIN)).toHaveLength(2);
    expect(to(ACME_ADMIN)[1]!.message).toMatch(/^✅ MAX \(Tenant acme\) : votre CRM fonctionne de nouveau/);
    expect(to(GLOBEX_ADMIN)).toHaveLength(2);
    // Down again minutes later: the same incident, reopened, no new alert; back up: no second recovery.
    h.espo.faults.add({ id: 'crm-down', mode: 'down' });
    await twice();
    h.espo.faults.clear();
    await twice();
    expect(to(ACME_ADMIN)).toHaveLength(2);
    const [inc] = await h.db
      .admin`select count(*)::int as n, max(reopened)::int as reopened from health_incidents where tenant_id = 'acme'`;
    expect({ ...inc }).toEqual({ n: 1, reopened: 1 });
  });

  it('an incident that lasts is reminded once a day, not once a run', async () => {
    h.espo.faults.add({ id: 'crm-down', mode: 'down' });
    // A new incident: the last one was resolved over an hour ago.
    await h.db
      .admin`update health_incidents set resolved_at = now() - interval '2 hours' where resolved_at is not null`;
    await twice();
    expect(to(ACME_ADMIN)).toHaveLength(3);
    await h.db
      .admin`update health_incidents set opened_at = now() - interval '25 hours' where resolved_at is null`;
    await twice();
    await twice();
    expect(to(ACME_ADMIN)).toHaveLength(4);
    expect(to(ACME_ADMIN)[3]!.message).toMatch(/^⚠️ Rappel : votre CRM pose toujours problème/);
    h.espo.faults.clear();
    await twice();
    expect(to(ACME_ADMIN)).toHaveLength(5);
  });

  it('the WhatsApp instance is no longer authorised: the operator’s webhook is told once, the admins not at all (it is broken)', async () => {
    const before = h.green.sent().length;
    h.green.setState('1101000051', 'notAuthorized');
    await twice();
    await twice();
    expect(posted).toHaveLength(1);
    expect(posted[0]).toMatchObject({
      event: 'incident.opened',
      tenantId: 'acme',
      component: 'whatsapp',
      detail: 'greenapi.state: notAuthorized',
    });
    expect(String(posted[0]!.text)).toContain("MAX's WhatsApp number");
    expect(h.green.sent().length).toBe(before);
    h.green.setState('1101000051', 'authorized');
    await twice();
    expect(posted).toHaveLength(2);
    expect(posted[1]).toMatchObject({ event: 'incident.resolved', tenantId: 'acme', component: 'whatsapp' });
    const alerts = await h.db.admin`select kind, status from operator_alerts order by created_at`;
    expect(alerts.map((a) => `${a.kind}:${a.status}`)).toEqual(['opened:sent', 'resolved:sent']);
  });

  it('messages failing (dead letters in the last hour) make the tenant degraded and tell its admins once', async () => {
    for (let i = 0; i < 3; i++)
      await h.db.admin`
        insert into inbound_messages (tenant_id, id_message, chat_id, sender_id, type_message, status, processed_at, error)
        values ('globex', ${`DEAD-${i}`}, ${GLOBEX_ADMIN}, ${GLOBEX_ADMIN}, 'textMessage', 'dead', now(), 'retries_exhausted')`;
    const before = to(GLOBEX_ADMIN).length;
    await twice();
    await twice();
    expect(to(GLOBEX_ADMIN).length - before).toBe(1);
    expect(to(GLOBEX_ADMIN).at(-1)!.message).toContain(
      'message processing is failing (3 dead letters in the last hour)',
    );
    const [row] = await h.db
      .admin`select status, dead_letters_last_hour from tenant_health where tenant_id = 'globex'`;
    expect({ ...row }).toEqual({ status: 'degraded', dead_letters_last_hour: 3 });
    const view = await h.db
      .admin`select tenant_id, health, open_incidents from tenant_health_overview order by tenant_id`;
    expect(view.map((r) => ({ ...r }))).toEqual([
      { tenant_id: 'acme', health: 'ok', open_incidents: null },
      { tenant_id: 'globex', health: 'degraded', open_incidents: 'messages' },
    ]);
  });

  it('the operator reads a tenant’s health and its incidents through the API', async () => {
    const r = await h.admin(await operatorKey(h, ['tenants:read'], ['globex']), {
      action: 'tenant.health',
      tenantId: 'globex',
    });
    expect(r.status).toBe(200);
    expect(json(r).health.status).toBe('degraded');
    expect(
      json(r).incidents.map((i: { component: string; resolvedAt: string | null }) => [
        i.component,
        i.resolvedAt === null,
      ]),
    ).toContainEqual(['messages', true]);
  });
});
