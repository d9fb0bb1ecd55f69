import { AppError } from '@max/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { listen, send } from '../../src/http/server.ts';
import {
  createFaultLayer,
  ESPO_DEMO_CREDENTIALS,
  type EspoStandIn,
  type FaultLayer,
  type GreenApiStandIn,
  type OpenAiStandIn,
  startEspoStandIn,
  startGreenApiStandIn,
  startOpenAiStandIn,
} from '../../src/index.ts';

/** The rules' semantics and their HTTP control routes (`/sandbox/faults`) on every stand-in. */
let espo: EspoStandIn;
let green: GreenApiStandIn;
let ai: OpenAiStandIn;
beforeAll(async () => {
  [espo, green, ai] = await Promise.all([
    startEspoStandIn(),
    startGreenApiStandIn(),
    startOpenAiStandIn({ script: () => ({ content: 'ok' }) }),
  ]);
});
afterAll(() => Promise.all([espo?.stop(), green?.stop(), ai?.stop()]));
afterEach(() => {
  for (const s of [espo, green, ai]) s.faults.clear();
});

const json = (body: unknown) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});
const ID = '1101000001';
const greenApi = (method: string) => `${green.url}/waInstance${ID}/${method}/${green.tokenFor(ID)}`;
const espoGet = (path: string) =>
  fetch(`${espo.url}/api/v1/${path}`, { headers: { 'x-api-key': ESPO_DEMO_CREDENTIALS.apiKey } });

describe.each([
  { name: 'EspoCRM', url: () => espo.url, faults: () => espo.faults, probe: () => espoGet('Lead') },
  {
    name: 'Green-API',
    url: () => green.url,
    faults: () => green.faults,
    probe: () => fetch(greenApi('getStateInstance')),
  },
  {
    name: 'OpenAI',
    url: () => ai.url,
    faults: () => ai.faults,
    probe: () =>
      fetch(
        `${ai.baseURL}/chat/completions`,
        json({ model: 'm', messages: [{ role: 'user', content: 'x' }] }),
      ),
  },
])('/sandbox/faults on the $name stand-in', (s) => {
  it('POST adds a rule the running stand-in applies, GET shows its count, DELETE clears it', async () => {
    const added = await fetch(
      `${s.url()}/sandbox/faults`,
      json({ id: 'curl', mode: 'error', status: 502, count: 1 }),
    );
    expect(added.status).toBe(201);
    expect(await added.json()).toEqual({ id: 'curl', mode: 'error', status: 502, count: 1 });
    expect((await s.probe()).status).toBe(502);
    expect((await s.probe()).status).toBe(200);

    const listed = (await (await fetch(`${s.url()}/sandbox/faults`)).json()) as {
      applied: number;
      rules: Array<Record<string, unknown>>;
    };
    expect(listed.applied).toBe(1);
    expect(listed.rules).toEqual([
      expect.objectContaining({
        id: 'curl',
        mode: 'error',
        applied: 1,
        active: false,
        addedAt: expect.any(String),
      }),
    ]);
    expect(s.faults().applied('curl')).toBe(1);

    expect((await fetch(`${s.url()}/sandbox/faults`, { method: 'DELETE' })).status).toBe(200);
    expect(s.faults().stats()).toEqual({ applied: 0, rules: [] });
  });

  it('the control routes are never faulted, even while the whole service is down', async () => {
    await fetch(`${s.url()}/sandbox/faults`, json({ id: 'all', mode: 'down' }));
    await expect(s.probe()).rejects.toThrow('fetch failed');
    const listed = await fetch(`${s.url()}/sandbox/faults`);
    expect(listed.status).toBe(200);
    expect((await fetch(`${s.url()}/sandbox/faults/all`, { method: 'DELETE' })).status).toBe(200);
    expect((await s.probe()).status).toBe(200);
  });
});

describe('/sandbox/faults input', () => {
  const post = (body: unknown) => fetch(`${green.url}/sandbox/faults`, json(body));
  const reason = async (res: Response) => {
    expect(res.status).toBe(400);
    return ((await res.json()) as { error: { code: string; message: string } }).error.message;
  };

  it.each([
    ['not JSON', '{mode:', 'fault rule is not JSON'],
    ['an unknown mode', { mode: 'explode' }, 'mode: Invalid option'],
    ['a status that is not an error', { mode: 'error', status: 200 }, 'status: an error status is 400–599'],
    ['a body on a mode that takes none', { mode: 'error', body: 'x' }, 'body: only bad_answer takes a body'],
    [
      'a queryRegex that does not compile',
      { mode: 'bad_answer', queryRegex: '[' },
      'queryRegex: not a valid regular expression',
    ],
    [
      'a pathRegex that does not compile',
      { mode: 'hang', pathRegex: '(' },
      'pathRegex: not a valid regular expression',
    ],
    ['an unknown key (a typo of forMs)', { mode: 'down', for: 1000 }, 'Unrecognized key'],
    ['latency without delayMs', { mode: 'latency' }, 'delayMs: latency needs delayMs'],
    [
      'a status on a mode that takes none',
      { mode: 'hang', status: 500 },
      'status: only error and bad_answer take a status',
    ],
    ['a rate above 1', { mode: 'error', rate: 1.5 }, 'rate: Too big'],
    ['a path that is not absolute', { mode: 'error', path: 'api' }, 'path: Invalid string'],
  ])('a bad rule (%s) gets a 400 with the reason, and nothing is added', async (_, body, expected) => {
    expect(await reason(await post(body))).toContain(expected);
    expect(green.faults.stats().rules).toEqual([]);
  });

  it('DELETE of an unknown rule is a 404, an unsupported method a 405', async () => {
    expect((await fetch(`${green.url}/sandbox/faults/nope`, { method: 'DELETE' })).status).toBe(404);
    expect((await fetch(`${green.url}/sandbox/faults`, { method: 'PUT' })).status).toBe(405);
  });

  it('in process, a bad rule throws a validation AppError', () => {
    expect(() => green.faults.add({ mode: 'latency' })).toThrow(AppError);
    expect(() => green.faults.add({ mode: 'latency' })).toThrow(
      'bad fault rule: delayMs: latency needs delayMs',
    );
  });
});

describe('rule matching and limits', () => {
  it('matches by method, path prefix and pathRegex; other requests pass', async () => {
    espo.faults.add({ mode: 'error', status: 500, method: 'post', path: '/api/v1/Lead' });
    green.faults.add({ mode: 'error', status: 500, pathRegex: '/sendMessage/' });
    expect((await espoGet('Lead')).status).toBe(200); // GET: another method
    expect((await fetch(`${espo.url}/api/v1/Lead`, { method: 'POST' })).status).toBe(500);
    expect((await fetch(greenApi('getStateInstance'))).status).toBe(200);
    expect(
      (await fetch(greenApi('sendMessage'), json({ chatId: '33600000001@c.us', message: 'x' }))).status,
    ).toBe(500);
    // The stand-in's own /sandbox routes are never faulted.
    green.faults.add({ mode: 'down' });
    expect((await fetch(`${green.url}/sandbox/messages`)).status).toBe(200);
  });

  it('the first active matching rule applies; a spent rule lets the next one apply', async () => {
    espo.faults.add({ id: 'first', mode: 'error', status: 502, count: 1 });
    espo.faults.add({ id: 'second', mode: 'rate_limit', count: 1 });
    expect((await espoGet('Lead')).status).toBe(502);
    expect((await espoGet('Lead')).status).toBe(429);
    expect((await espoGet('Lead')).status).toBe(200);
    expect(espo.faults.stats().rules.map((r) => [r.id, r.applied, r.active])).toEqual([
      ['first', 1, false],
      ['second', 1, false],
    ]);
  });

  it('adding a rule with an existing id replaces it and restarts its count', async () => {
    espo.faults.add({ id: 'x', mode: 'error', status: 500, count: 1 });
    expect((await espoGet('Lead')).status).toBe(500);
    espo.faults.add({ id: 'x', mode: 'error', status: 503, count: 1 });
    expect(espo.faults.stats().rules).toHaveLength(1);
    expect((await espoGet('Lead')).status).toBe(503);
    expect(espo.faults.remove('x')).toBe(true);
    expect(espo.faults.remove('x')).toBe(false);
  });

  it('forMs bounds a rule in time; count and forMs together end at whichever comes first', async () => {
    espo.faults.add({ id: 'window', mode: 'error', status: 503, forMs: 250, count: 100 });
    expect((await espoGet('Lead')).status).toBe(503);
    await new Promise((r) => setTimeout(r, 270));
    expect((await espoGet('Lead')).status).toBe(200);
    expect(espo.faults.stats().rules[0]).toMatchObject({ applied: 1, active: false });
  });

  it('rate: applies to that share of matching requests, the same share on every run (seeded)', async () => {
    const shareOf = async () => {
      const layer: FaultLayer = createFaultLayer({ seed: 7 });
      const srv = await listen(layer.wrap((_req, res) => send(res, 200, { ok: true })));
      try {
        layer.add({ id: 'flaky', mode: 'error', status: 500, rate: 0.25 });
        const statuses: number[] = [];
        for (let i = 0; i < 200; i++) statuses.push((await fetch(`${srv.url}/x`)).status);
        const failed = statuses.filter((s) => s === 500).length;
        expect(failed).toBe(layer.applied('flaky'));
        return failed;
      } finally {
        await srv.stop();
      }
    };
    const first = await shareOf();
    expect(first).toBeGreaterThan(30);
    expect(first).toBeLessThan(70);
    expect(await shareOf()).toBe(first);
  });
});

describe('the stand-ins’ earlier fault options still work next to the rules', () => {
  it('EspoCRM setFaults({ failNext }) and Green-API failNext', async () => {
    espo.setFaults({ failNext: 1 });
    const failed = await espoGet('Lead');
    expect(failed.status).toBe(503);
    expect(failed.headers.get('x-status-reason')).toBe('Maintenance');
    expect((await espoGet('Lead')).status).toBe(200);

    green.failNext(1, 500, { method: 'getStateInstance' });
    expect((await fetch(greenApi('getStateInstance'))).status).toBe(500);
    expect((await fetch(greenApi('getStateInstance'))).status).toBe(200);
  });
});
