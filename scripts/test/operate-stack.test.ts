import { type AlertHook, incomingText, startAlertHook } from '@max/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freeStackPorts } from '../src/stack/ports.ts';
import { type Stack, startStack } from '../src/stack/start-stack.ts';

const INSTANCE = '1101000123';
const ADMIN = '33612399001@c.us';

/** Polls until `check` holds (or fails after `ms`). */
async function until<T>(
  what: string,
  get: () => Promise<T> | T,
  check: (v: T) => boolean,
  ms = 60_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await get();
    if (check(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * Running MAX as a service on the local stack: the Worker under `wrangler dev` (its cron fired for
 * real with --test-scheduled), the agent under Deno, PGlite, the stand-ins. Onboarding in one call
 * sequence through /api/admin, then the cron's health run alerting once per incident.
 */
describe('the operator API and the health cron on the local stack', () => {
  let stack: Stack;
  let hook: AlertHook;
  let posted: AlertHook['posted'];

  const api = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${stack.urls.worker}/api/admin${path}`, {
      method,
      headers: {
        authorization: `Bearer ${stack.operatorKey}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const type = res.headers.get('content-type') ?? '';
    return {
      status: res.status,
      body: type.includes('json') && !type.includes('ndjson') ? await res.json() : await res.text(),
    };
  };
  /** The cron, fired twice at once, as a doubled trigger would. */
  const cronTwice = () =>
    Promise.all(
      [1, 2].map(() => fetch(`${stack.urls.worker}/__scheduled?cron=*/10+*+*+*+*`).then((r) => r.text())),
    );
  const to = (chat: string) => stack.standIns.green.sent().filter((m) => m.chatId === chat);

  beforeAll(async () => {
    hook = await startAlertHook();
    posted = hook.posted;
    stack = await startStack({
      quiet: true,
      ports: await freeStackPorts(),
      testScheduled: true,
      agentEnv: { ALERT_WEBHOOK_URL: hook.url },
    });
  }, 240_000);
  afterAll(async () => {
    await stack?.stop();
    await hook.stop();
  }, 60_000);

  it('onboards a tenant in one call sequence: create (idempotent) → secrets → people → webhook → checks pass → active, answered on WhatsApp', async () => {
    const tenant = {
      id: 'newco',
      name: 'NewCo',
      idInstance: INSTANCE,
      greenApiUrl: stack.urls.green,
      crmBaseUrl: stack.urls.espo,
    };
    const created = await api('POST', '/tenants', tenant, { 'idempotency-key': 'onboard-newco' });
    expect(created.status).toBe(201);
    expect(created.body.tenant.status).toBe('onboarding');
    const retried = await api('POST', '/tenants', tenant, { 'idempotency-key': 'onboard-newco' });
    expect(retried).toMatchObject({ status: 201, body: { replayed: true, tenant: { id: 'newco' } } });
    const early = await api('POST', '/tenants/newco/activate');
    expect(early.status).toBe(422);
    expect(early.body.error.details.fix.map((f: { check: string }) => f.check)).toEqual([
      'secret.crm_api_key',
      'secret.greenapi_token',
    ]);

    expect(
      (await api('PUT', '/tenants/newco/secrets/crm_api_key', { value: stack.standIns.espo!.apiKey })).status,
    ).toBe(200);
    const token = stack.standIns.green.tokenFor(INSTANCE);
    expect((await api('PUT', '/tenants/newco/secrets/greenapi_token', { value: token })).status).toBe(200);
    expect(
      (await api('PUT', '/tenants/newco/senders/%2B33612399001', { role: 'admin', name: 'Boss' })).status,
    ).toBe(200);
    const hookCreds = await api('GET', '/tenants/newco/webhook');
    expect(hookCreds.body).toMatchObject({
      webhookUrl: `${stack.urls.worker}/webhooks/greenapi`,
      webhookUrlToken: await stack.webhookTokenFor(INSTANCE),
    });
    const active = await api('POST', '/tenants/newco/activate');
    expect(active.status).toBe(200);
    expect(active.body.tenant.status).toBe('active');

    // Green-API delivers to the URL with the token the API gave: MAX answers the new tenant's admin.
    const res = await fetch(hookCreds.body.webhookUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${hookCreds.body.webhookUrlToken}`,
      },
      body: JSON.stringify(
        incomingText({
          idInstance: INSTANCE,
          chatId: ADMIN,
          text: 'crée un lead Stack Onboard, email stack@onboard.fr',
        }),
      ),
    });
    expect(res.status).toBe(200);
    const [reply] = await until(
      'the reply',
      () => to(ADMIN),
      (s) => s.length === 1,
    );
    expect(reply!.message).toContain('Stack Onboard');
  }, 120_000);

  it('the cron, fired twice at once: a Green-API instance no longer authorised alerts the operator once, and its recovery once', async () => {
    stack.standIns.green.setState(INSTANCE, 'notAuthorized');
    await cronTwice();
    await until(
      'the alert',
      () => posted.length,
      (n) => n >= 1,
    );
    await cronTwice();
    await new Promise((r) => setTimeout(r, 1500));
    expect(posted).toHaveLength(1);
    expect(posted[0]).toMatchObject({ event: 'incident.opened', tenantId: 'newco', component: 'whatsapp' });
    stack.standIns.green.setState(INSTANCE, 'authorized');
    await cronTwice();
    await until(
      'the recovery',
      () => posted.length,
      (n) => n >= 2,
    );
    await cronTwice();
    await new Promise((r) => setTimeout(r, 1500));
    expect(posted.map((p) => p.event)).toEqual(['incident.opened', 'incident.resolved']);
    // The admins were not told on a WhatsApp that was broken.
    expect(to(ADMIN)).toHaveLength(1);
  }, 120_000);

  it('the CRM switched off and on: each tenant admin hears of it exactly once, and of its return once', async () => {
    const espo = stack.standIns.espo!;
    espo.faults.add({ id: 'crm-off', mode: 'down' });
    await cronTwice();
    await until(
      'the CRM alert',
      () => to(ADMIN).length,
      (n) => n >= 2,
    );
    await cronTwice();
    await new Promise((r) => setTimeout(r, 1500));
    expect(to(ADMIN)).toHaveLength(2);
    expect(to(ADMIN)[1]!.message).toMatch(/^⚠️ MAX \(NewCo\) ne joint plus votre CRM/);
    expect(to(stack.demo.admin).filter((m) => m.message.startsWith('⚠️'))).toHaveLength(1);
    espo.faults.clear();
    await cronTwice();
    await until(
      'the recovery notice',
      () => to(ADMIN).length,
      (n) => n >= 3,
    );
    await cronTwice();
    await new Promise((r) => setTimeout(r, 1500));
    expect(to(ADMIN)).toHaveLength(3);
    expect(to(ADMIN)[2]!.message).toMatch(/^✅ MAX \(NewCo\) : votre CRM fonctionne de nouveau/);
    const health = await api('GET', '/tenants/newco/health');
    expect(health.body.health.status).toBe('ok');
    expect(health.body.incidents.map((i: { component: string }) => i.component).sort()).toEqual([
      'crm',
      'whatsapp',
    ]);
  }, 120_000);

  it('usage and the export through the API: what the conversation did, and only this tenant', async () => {
    const usage = await api('GET', '/tenants/newco/usage');
    expect(usage.status).toBe(200);
    expect(usage.body.totals).toMatchObject({ messages_in: 1, leads_created: 1, active_users: 1 });
    expect(usage.body.totals.messages_out).toBe(to(ADMIN).length);
    const exported = await api('GET', '/tenants/newco/export');
    expect(exported.status).toBe(200);
    const lines = String(exported.body)
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ format: 'max-export', tenantId: 'newco' });
    expect(lines.filter((l) => l.table === 'inbound_messages')).toHaveLength(1);
    expect(String(exported.body)).not.toContain(`"tenant_id":"${stack.demo.tenantId}"`);
  }, 60_000);
});
