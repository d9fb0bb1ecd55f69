import {
  createExecutionContext,
  createScheduledController,
  env,
  SELF,
  waitOnExecutionContext,
} from 'cloudflare:test';
import { deriveWebhookToken } from '@max/core/greenapi/webhook';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Bindings } from '../src/env.ts';
import worker from '../src/index.ts';
import { receivedUntil, tickDelivered } from './agent-received.ts';
import type { Received } from './agent-stand-in.ts';
import { awayFromMinuteEdge, SECRET } from './helpers.ts';

const b64url = (n: number) => 'Ab0_-'.repeat(20).slice(0, n);
/** A well-formed operator key (the agent decides whether it exists: the stand-in accepts it). */
const keyOf = (id: string) => `mxop_${id}_${b64url(43)}`;
const KEY = keyOf('0123456789ab');
const sha256 = async (s: string) =>
  [...new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(s)))]
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('');

const call = (
  method: string,
  path: string,
  o: { key?: string | null; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
) =>
  SELF.fetch(`https://max.example.workers.dev/api/admin${path}`, {
    method,
    headers: {
      ...(o.key === null ? {} : { authorization: `Bearer ${o.key ?? KEY}` }),
      ...(o.body !== undefined || o.raw !== undefined ? { 'content-type': 'application/json' } : {}),
      ...o.headers,
    },
    ...(o.raw !== undefined ? { body: o.raw } : o.body !== undefined ? { body: JSON.stringify(o.body) } : {}),
  });
const admins = async () =>
  ((await (await fetch('http://agent.test/__received')).json()) as Received[]).filter(
    (r) => r.kind === 'admin',
  );

describe('/api/admin: who may call', () => {
  beforeEach(async () => {
    await fetch('http://agent.test/__reset');
  });

  it('no key, a bearer that is not an operator key, or the agent secret itself → 401, nothing forwarded', async () => {
    const bearers = [
      null,
      'not-a-key',
      `mxop_0123_${b64url(43)}`,
      `${KEY}x`,
      'test-agent-shared-secret-0123456789abcdef',
    ];
    for (const key of bearers) {
      const res = await call('GET', '/tenants', { key });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toContain('Bearer');
    }
    expect(await admins()).toEqual([]);
  });

  it('forwards the key as its id and SHA-256 only, signed; the key itself never leaves the edge', async () => {
    const res = await call('GET', '/tenants/acme');
    expect(res.status).toBe(200);
    const [got] = await admins();
    expect(got).toMatchObject({
      verified: true,
      key: { id: '0123456789ab', hash: await sha256(KEY) },
      command: { action: 'tenant.get', tenantId: 'acme' },
    });
    expect(got!.raw).not.toContain(KEY);
    expect(got!.raw).not.toContain(b64url(43));
  });

  it("a key the agent does not know (unknown, revoked, wrong) is the agent's 401, relayed", async () => {
    const res = await call('GET', '/tenants', { key: keyOf('dead00000000') });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({
      error: { code: 'unauthorized', message: 'Unknown or revoked operator key' },
    });
  });

  it('a refused signature (the Worker and the agent disagree on the secret) is a 503, not the caller’s 401', async () => {
    const res = await SELF.fetch('https://max.example.workers.dev/api/admin/tenants', {
      headers: { authorization: `Bearer ${KEY}` },
    });
    expect(res.status).toBe(200);
    const wrong = await worker.fetch(
      new Request('https://max.example.workers.dev/api/admin/tenants', {
        headers: { authorization: `Bearer ${KEY}` },
      }),
      { ...(env as unknown as Bindings), AGENT_SHARED_SECRET: 'another-agent-secret-0123456789abcdef' },
      createExecutionContext(),
    );
    expect(wrong.status).toBe(503);
  });

  it('per key, 60 calls a minute; the 61st gets 429 with Retry-After, and another key is not held back', async () => {
    await awayFromMinuteEdge();
    const key = keyOf('77777777aaaa');
    const statuses: number[] = [];
    for (let i = 0; i < 61; i++) statuses.push((await call('GET', '/tenants', { key })).status);
    expect(statuses.slice(0, 60).every((s) => s === 200)).toBe(true);
    const last = await call('GET', '/tenants', { key });
    expect(last.status).toBe(429);
    expect(last.headers.get('retry-after')).toBe('60');
    expect((await call('GET', '/tenants', { key: keyOf('88888888bbbb') })).status).toBe(200);
  }, 30_000);
});

describe('/api/admin: routes and input, checked at the edge', () => {
  beforeEach(async () => {
    await fetch('http://agent.test/__reset');
  });

  it('an unknown route is 404, a known path with another method 405 with Allow', async () => {
    expect((await call('GET', '/nothing-here')).status).toBe(404);
    const res = await call('DELETE', '/tenants');
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, POST');
    expect(await admins()).toEqual([]);
  });

  it('bodies that are not a valid command are refused with the field named, before the agent is asked', async () => {
    const cases: Array<
      [string, string, { body?: unknown; raw?: string; headers?: Record<string, string> }, number]
    > = [
      [
        'POST',
        '/tenants',
        {
          body: {
            id: 'Not A Slug',
            name: 'x',
            idInstance: '1101',
            greenApiUrl: 'https://g',
            crmBaseUrl: 'https://c',
          },
        },
        400,
      ],
      ['POST', '/tenants', { body: { id: 'acme' } }, 400],
      ['POST', '/tenants', { raw: '[1,2]' }, 400],
      ['POST', '/tenants', { raw: '{"id":' }, 400],
      ['POST', '/tenants', { raw: `${'['.repeat(40)}${']'.repeat(40)}` }, 400],
      ['POST', '/tenants', { raw: JSON.stringify({ pad: 'x'.repeat(70_000) }) }, 413],
      ['POST', '/tenants', { raw: '{}', headers: { 'content-type': 'text/plain' } }, 415],
      ['PUT', '/tenants/acme/secrets/root_password', { body: { value: 'abcdefgh' } }, 400],
      ['PUT', '/tenants/acme/secrets/crm_api_key', { body: { value: '' } }, 400],
      ['PUT', '/tenants/acme/senders/hello', { body: { role: 'admin' } }, 400],
      ['PUT', '/tenants/acme/senders/%2B33612345678', { body: { role: 'king' } }, 400],
      ['GET', '/tenants/acme/usage?month=2026-13', {}, 400],
      ['POST', '/tenants/acme/rotations/crm', { body: { apiKey: 'short' } }, 400],
    ];
    for (const [method, path, o, status] of cases) {
      const res = await call(method, path, o);
      expect({ method, path, status: res.status }).toEqual({ method, path, status });
      if (status === 400)
        // Broken or too deep JSON is a bad request; valid JSON that is not a command, a validation error.
        expect(['validation', 'bad_request']).toContain(
          ((await res.json()) as { error: { code: string } }).error.code,
        );
    }
    expect(await admins()).toEqual([]);
  });

  it('a phone number in the path reaches the agent decoded; the request log names no tenant path or number', async () => {
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((l: unknown) => void lines.push(String(l)));
    const res = await call('PUT', '/tenants/acme/senders/%2B33612345678', {
      body: { role: 'admin', name: 'Ana' },
    });
    vi.restoreAllMocks();
    expect(res.status).toBe(200);
    expect((await admins())[0]!.command).toEqual({
      action: 'sender.set',
      tenantId: 'acme',
      phone: '+33612345678',
      body: { role: 'admin', name: 'Ana' },
    });
    expect(lines.join('\n')).not.toContain('33612345678');
    expect(lines.some((l) => l.includes('"path":"/api/admin/…"'))).toBe(true);
  });

  it('the usage month defaults to the current one; an Idempotency-Key is forwarded, a malformed one refused', async () => {
    await call('GET', '/tenants/acme/usage');
    expect((await admins())[0]!.command).toEqual({
      action: 'usage.get',
      tenantId: 'acme',
      month: new Date().toISOString().slice(0, 7),
    });
    const body = {
      id: 'acme',
      name: 'Acme',
      idInstance: '1101000001',
      greenApiUrl: 'https://1101.api.green-api.com',
      crmBaseUrl: 'https://crm.acme.example',
    };
    const created = await call('POST', '/tenants', { body, headers: { 'idempotency-key': 'create-acme-1' } });
    expect(created.status).toBe(201);
    expect((await admins()).at(-1)).toMatchObject({
      idempotencyKey: 'create-acme-1',
      command: { action: 'tenant.create', body },
    });
    expect(
      (await call('POST', '/tenants', { body, headers: { 'idempotency-key': 'with space' } })).status,
    ).toBe(400);
  });

  it('the webhook route answers the URL of this Worker and the instance token, derived here', async () => {
    const res = await call('GET', '/tenants/acme/webhook');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      tenantId: 'acme',
      idInstance: '1101000001',
      webhookUrl: 'https://max.example.workers.dev/webhooks/greenapi',
      webhookUrlToken: await deriveWebhookToken(SECRET, '1101000001'),
    });
  });

  it('an export comes through as the NDJSON document the agent made, named as a download', async () => {
    const res = await call('GET', '/tenants/acme/export');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/x-ndjson');
    expect(res.headers.get('content-disposition')).toContain('acme-export');
    expect((await res.text()).split('\n')[0]).toBe('{"format":"max-export","version":1}');
  });
});

describe('cron: health next to the backstop', () => {
  beforeEach(async () => {
    await fetch('http://agent.test/__reset');
  });
  afterEach(() => vi.restoreAllMocks());

  it("each 10-minute firing asks the agent, signed, for the backstop, the health run and the scheduler's tick, and logs the reports", async () => {
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((l: unknown) => void lines.push(String(l)));
    const ctx = createExecutionContext();
    await worker.scheduled(
      createScheduledController({ cron: '*/10 * * * *', scheduledTime: Date.now() }),
      env as unknown as Bindings,
      ctx,
    );
    await waitOnExecutionContext(ctx);
    vi.restoreAllMocks();
    // The tick's due items reach the agent through the queue, whenever its consumer runs: they are
    // the scheduler's (scheduler-cron.test.ts), waited for here so none lands in a later test.
    const got = await receivedUntil(tickDelivered);
    const jobs = got.filter((r) => r.kind !== 'scheduled').map((r) => [r.kind, r.verified]);
    expect(jobs.sort()).toEqual([
      ['backstop', true],
      ['health', true],
      ['schedule_tick', true],
    ]);
    const events = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(events.find((e) => e.event === 'health')).toMatchObject({
      level: 'info',
      status: 200,
      checked: 2,
    });
  });
});
