import {
  createExecutionContext,
  createScheduledController,
  env,
  SELF,
  waitOnExecutionContext,
} from 'cloudflare:test';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Bindings } from '../src/env.ts';
import worker from '../src/index.ts';

const JWT_SECRET = 'test-supabase-jwt-secret-0123456789abcdef';
const USER = '7f1a2b3c-0000-4000-8000-000000000001';
const b64 = (o: unknown) =>
  btoa(JSON.stringify(o)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

async function token(payload: Record<string, unknown>, secret = JWT_SECRET) {
  const head = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(payload)}`;
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const sig = new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(head)));
  return `${head}.${btoa(String.fromCharCode(...sig))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '')}`;
}
const valid = () =>
  token({ sub: USER, role: 'authenticated', aud: 'authenticated', exp: Math.floor(Date.now() / 1000) + 600 });
const chat = (headers: Record<string, string>, body: unknown = { text: 'derniers leads' }) =>
  SELF.fetch('http://worker.test/api/chat', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
const received = async () =>
  (await (await fetch('http://agent.test/__received')).json()) as Array<Record<string, unknown>>;

describe('POST /api/chat (web chat)', () => {
  beforeEach(async () => {
    await fetch('http://agent.test/__reset');
  });

  it('needs a valid Supabase token: none, forged, expired or anon → 401, nothing forwarded', async () => {
    const forged = await token(
      { sub: USER, role: 'authenticated', exp: Math.floor(Date.now() / 1000) + 600 },
      'not-the-project-secret-0123456789abcdef',
    );
    const expired = await token({
      sub: USER,
      role: 'authenticated',
      exp: Math.floor(Date.now() / 1000) - 3600,
    });
    const anon = await token({ sub: USER, role: 'anon', exp: Math.floor(Date.now() / 1000) + 600 });
    for (const auth of [undefined, `Bearer ${forged}`, `Bearer ${expired}`, `Bearer ${anon}`]) {
      const res = await chat({ 'x-tenant': 'acme', ...(auth ? { authorization: auth } : {}) });
      expect(res.status).toBe(401);
    }
    expect(await received()).toEqual([]);
  });

  it('needs X-Tenant and a text', async () => {
    expect((await chat({ authorization: `Bearer ${await valid()}` })).status).toBe(400);
    expect(
      (await chat({ authorization: `Bearer ${await valid()}`, 'x-tenant': 'acme' }, { text: '' })).status,
    ).toBe(400);
  });

  it('forwards the verified user and tenant, signed, and returns the agent’s answer', async () => {
    const res = await chat({ authorization: `Bearer ${await valid()}`, 'x-tenant': 'acme' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ reply: 'réponse à: derniers leads' });
    expect(await received()).toEqual([
      expect.objectContaining({ kind: 'chat', verified: true, userId: USER, tenantId: 'acme' }),
    ]);
  });

  it('a user of no membership gets the agent’s 403', async () => {
    const res = await chat({ authorization: `Bearer ${await valid()}`, 'x-tenant': 'nope' });
    expect(res.status).toBe(403);
  });
});

describe('cron trigger', () => {
  it('asks the agent, signed, to run the lost-webhook backstop', async () => {
    await fetch('http://agent.test/__reset');
    const ctx = createExecutionContext();
    await worker.scheduled(
      createScheduledController({ cron: '*/10 * * * *', scheduledTime: Date.now() }),
      env as unknown as Bindings,
      ctx,
    );
    await waitOnExecutionContext(ctx);
    expect(await received()).toEqual([expect.objectContaining({ kind: 'backstop', verified: true })]);
  });
});
