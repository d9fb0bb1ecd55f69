import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ESPO_DEMO_CREDENTIALS,
  type EspoStandIn,
  espoFaultAnswer,
  type HttpFaultProxy,
  startEspoStandIn,
  startHttpFaultProxy,
} from '../../src/index.ts';

/**
 * The proxy the fault suite puts in front of a real EspoCRM, driven over real HTTP in front of the
 * EspoCRM stand-in (whose own state tells what really reached it).
 */
const HEADERS = { 'x-api-key': ESPO_DEMO_CREDENTIALS.apiKey, 'content-type': 'application/json' };
let espo: EspoStandIn;
let proxy: HttpFaultProxy;
beforeAll(async () => {
  espo = await startEspoStandIn();
  proxy = await startHttpFaultProxy({
    target: espo.url,
    errorAnswer: espoFaultAnswer,
  });
});
afterAll(async () => {
  await proxy?.stop();
  await espo?.stop();
});
afterEach(() => proxy.faults.clear());

const lead = (lastName: string, headers: Record<string, string> = {}) =>
  fetch(`${proxy.url}/api/v1/Lead`, {
    method: 'POST',
    headers: { ...HEADERS, ...headers },
    body: JSON.stringify({
      firstName: 'Proxy',
      lastName,
      emailAddress: `${lastName.toLowerCase()}@proxy.test`,
    }),
  });

describe('HTTP fault proxy in front of an EspoCRM', () => {
  it('without a rule, status, headers and body go through as the service sent them', async () => {
    const created = await lead('Through');
    expect(created.status).toBe(200);
    const body = (await created.json()) as { id: string; name: string };
    expect(body.name).toBe('Proxy Through');
    const again = await lead('Through');
    expect(again.status).toBe(409);
    expect(again.headers.get('x-status-reason')).toBe('duplicate');
    const got = await fetch(`${proxy.url}/api/v1/Lead/${body.id}`, { headers: HEADERS });
    expect(((await got.json()) as { id: string }).id).toBe(body.id);
    const unauth = await fetch(`${proxy.url}/api/v1/App/user`);
    expect(unauth.status).toBe(401);
  });

  it('lose_answer: the write reaches the service, its answer never reaches the client', async () => {
    proxy.faults.add({ id: 'lose', mode: 'lose_answer', method: 'POST', path: '/api/v1/Lead', count: 1 });
    await expect(lead('Lost')).rejects.toThrow();
    expect(proxy.faults.applied('lose')).toBe(1);
    expect(espo.state.records('Lead').some((r) => r.lastName === 'Lost')).toBe(true);
    // Spent after one: the next request is answered.
    expect((await lead('Found')).status).toBe(200);
  });

  it('down resets the connection before anything reaches the service', async () => {
    const before = proxy.forwarded();
    proxy.faults.add({ id: 'down', mode: 'down' });
    await expect(lead('Never')).rejects.toThrow();
    expect(proxy.forwarded()).toBe(before);
    expect(espo.state.records('Lead').some((r) => r.lastName === 'Never')).toBe(false);
  });

  it('error answers the status in the service error shape without forwarding', async () => {
    proxy.faults.add({ id: 'e503', mode: 'error', status: 503 });
    const res = await lead('Refused');
    expect(res.status).toBe(503);
    expect(res.headers.get('x-status-reason')).toBe('Injected fault');
    expect(espo.state.records('Lead').some((r) => r.lastName === 'Refused')).toBe(false);
  });

  it('latency delays the answer, then forwards', async () => {
    proxy.faults.add({ id: 'slow', mode: 'latency', delayMs: 300 });
    const t0 = Date.now();
    expect((await lead('Slow')).status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
  });

  it('rules are managed over HTTP at /sandbox/faults, which is never forwarded', async () => {
    const add = await fetch(`${proxy.url}/sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'http-rule', mode: 'error', status: 500 }),
    });
    expect(add.status).toBeLessThan(300);
    expect(proxy.faults.stats().rules.map((r) => r.id)).toEqual(['http-rule']);
  });

  it('a target that is not there is a 502, not a hang', async () => {
    const dead = await startHttpFaultProxy({ target: 'http://127.0.0.1:9' });
    try {
      const res = await fetch(`${dead.url}/api/v1/App/user`);
      expect(res.status).toBe(502);
    } finally {
      await dead.stop();
    }
  });
});
