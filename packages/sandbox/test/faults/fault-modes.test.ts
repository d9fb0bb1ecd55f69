import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ESPO_DEMO_CREDENTIALS,
  type EspoStandIn,
  type FaultLayer,
  type GreenApiStandIn,
  type OpenAiStandIn,
  startEspoStandIn,
  startGreenApiStandIn,
  startOpenAiStandIn,
} from '../../src/index.ts';

/**
 * Every fault mode against each HTTP stand-in, over real HTTP, on the write that matters to the
 * fault suite: a CRM Note, a WhatsApp sendMessage, a model call. `applied()` reads the stand-in's
 * own record of what it did, so "lost answer" means the write happened although the client saw none.
 */
interface Target {
  name: string;
  faults: () => FaultLayer;
  /** The rule's matcher for the write. */
  match: { method: string; path?: string; pathRegex?: string };
  write(signal?: AbortSignal): Promise<Response>;
  applied(): Promise<number>;
  expectErrorShape(res: Response, status: number): Promise<void>;
}

let espo: EspoStandIn;
let green: GreenApiStandIn;
let ai: OpenAiStandIn;
beforeAll(async () => {
  [espo, green, ai] = await Promise.all([
    startEspoStandIn(),
    startGreenApiStandIn(),
    startOpenAiStandIn({ script: () => ({ content: 'ok' }) }),
  ]);
  // A note needs a parent the user can see (EspoCRM answers 403 otherwise).
  const lead = await fetch(`${espo.url}/api/v1/Lead`, {
    method: 'POST',
    headers: ESPO_HEADERS,
    body: JSON.stringify({ firstName: 'Ada', lastName: 'Fault' }),
  });
  leadId = ((await lead.json()) as { id: string }).id;
});
afterAll(() => Promise.all([espo?.stop(), green?.stop(), ai?.stop()]));

const ESPO_HEADERS = { 'x-api-key': ESPO_DEMO_CREDENTIALS.apiKey, 'content-type': 'application/json' };
const ID = '1101000001';
let notes = 0;
let leadId = '';

const targets: Target[] = [
  {
    name: 'EspoCRM POST /api/v1/Note',
    faults: () => espo.faults,
    match: { method: 'POST', path: '/api/v1/Note' },
    write: (signal) =>
      fetch(`${espo.url}/api/v1/Note`, {
        method: 'POST',
        headers: ESPO_HEADERS,
        body: JSON.stringify({ type: 'Post', post: `note ${++notes}`, parentType: 'Lead', parentId: leadId }),
        ...(signal ? { signal } : {}),
      }),
    // Read back over HTTP, as a client that lost the answer would.
    applied: async () => {
      const res = await fetch(`${espo.url}/api/v1/Note?maxSize=1`, { headers: ESPO_HEADERS });
      return ((await res.json()) as { total: number }).total;
    },
    expectErrorShape: async (res) => {
      expect(res.headers.get('x-status-reason')).toBe('Injected fault');
      expect(await res.text()).toBe('');
    },
  },
  {
    name: 'Green-API sendMessage',
    faults: () => green.faults,
    match: { method: 'POST', pathRegex: '/sendMessage/' },
    write: (signal) =>
      fetch(`${green.url}/waInstance${ID}/sendMessage/${green.tokenFor(ID)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ chatId: '33600000001@c.us', message: 'hello' }),
        ...(signal ? { signal } : {}),
      }),
    applied: async () => green.sent().length,
    expectErrorShape: async (res, status) => {
      const body = (await res.json()) as Record<string, unknown>;
      expect(body).toMatchObject({ statusCode: status, message: 'Injected fault' });
      expect(body.path).toBe(`/waInstance${ID}/sendMessage/{{apiTokenInstance}}`);
    },
  },
  {
    name: 'OpenAI POST /v1/chat/completions',
    faults: () => ai.faults,
    match: { method: 'POST', pathRegex: '/chat/completions$' },
    write: (signal) =>
      fetch(`${ai.baseURL}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }),
        ...(signal ? { signal } : {}),
      }),
    applied: async () => ai.stats().calls,
    expectErrorShape: async (res, status) => {
      const body = (await res.json()) as { error: { message: string; type: string } };
      expect(body.error).toMatchObject({
        message: 'Injected fault',
        type: status === 429 ? 'rate_limit_error' : 'server_error',
      });
    },
  },
];

/** The error code under fetch's "fetch failed" (ECONNRESET for a reset connection). */
async function networkError(p: Promise<Response>): Promise<string> {
  try {
    const res = await p;
    return `answered ${res.status}`;
  } catch (e) {
    const cause = (e as Error).cause as { code?: string } | undefined;
    return cause?.code ?? (e as Error).name;
  }
}

describe.each(targets)('fault modes on $name', (t) => {
  afterEach(() => t.faults().clear());

  it('error: the next N requests get the status in the stand-in error shape, then it answers', async () => {
    const before = await t.applied();
    t.faults().add({ id: 'e', mode: 'error', status: 503, count: 2, ...t.match });
    for (let i = 0; i < 2; i++) {
      const res = await t.write();
      expect(res.status).toBe(503);
      await t.expectErrorShape(res, 503);
    }
    expect((await t.write()).status).toBe(200);
    expect(await t.applied()).toBe(before + 1);
    expect(t.faults().applied('e')).toBe(2);
    expect(t.faults().stats().rules[0]).toMatchObject({ id: 'e', applied: 2, active: false });
  });

  it('rate_limit: 429 with Retry-After, nothing applied', async () => {
    const before = await t.applied();
    t.faults().add({ mode: 'rate_limit', retryAfterSeconds: 7, ...t.match });
    const res = await t.write();
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
    await t.expectErrorShape(res, 429);
    expect(await t.applied()).toBe(before);
  });

  it('hang: no answer at all (the client times out), nothing applied', async () => {
    const before = await t.applied();
    t.faults().add({ id: 'h', mode: 'hang', count: 1, ...t.match });
    expect(await networkError(t.write(AbortSignal.timeout(300)))).toBe('TimeoutError');
    expect(await t.applied()).toBe(before);
    expect(t.faults().applied('h')).toBe(1);
    expect((await t.write()).status).toBe(200);
  });

  it('latency: the real answer, after the delay', async () => {
    const before = await t.applied();
    t.faults().add({ mode: 'latency', delayMs: 300, count: 1, ...t.match });
    const started = Date.now();
    const res = await t.write();
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(await t.applied()).toBe(before + 1);
  });

  it('lose_answer: the write is applied, yet the client gets a connection reset', async () => {
    const before = await t.applied();
    t.faults().add({ id: 'lost', mode: 'lose_answer', count: 1, ...t.match });
    expect(await networkError(t.write())).toBe('ECONNRESET');
    expect(await t.applied()).toBe(before + 1);
    expect(t.faults().applied('lost')).toBe(1);
  });

  it('lose_answer_hang: the write is applied, and the answer never comes', async () => {
    const before = await t.applied();
    t.faults().add({ mode: 'lose_answer_hang', count: 1, ...t.match });
    expect(await networkError(t.write(AbortSignal.timeout(500)))).toBe('TimeoutError');
    expect(await t.applied()).toBe(before + 1);
  });

  it('bad_answer: a 200 with a proxy’s HTML page, nothing applied; with apply, the write is applied and its answer replaced', async () => {
    const before = await t.applied();
    t.faults().add({ id: 'b', mode: 'bad_answer', count: 1, ...t.match });
    const res = await t.write();
    expect([res.status, res.headers.get('content-type')]).toEqual([200, 'text/html']);
    expect(await res.text()).toMatch(/^<!DOCTYPE html>/);
    expect(await t.applied()).toBe(before);
    t.faults().add({ id: 'ba', mode: 'bad_answer', count: 1, apply: true, body: '{}', ...t.match });
    const swapped = await t.write();
    expect(await swapped.text()).toBe('{}');
    expect(await t.applied()).toBe(before + 1);
  });

  it('down: every request is reset for forMs, then the service is back', async () => {
    const before = await t.applied();
    t.faults().add({ id: 'down', mode: 'down', forMs: 400 });
    const added = Date.now();
    expect(await networkError(t.write())).toBe('ECONNRESET');
    expect(await networkError(t.write())).toBe('ECONNRESET');
    expect(Date.now() - added).toBeLessThan(400);
    expect(t.faults().applied('down')).toBe(2);
    await new Promise((r) => setTimeout(r, 400 - (Date.now() - added) + 20));
    expect((await t.write()).status).toBe(200);
    expect(await t.applied()).toBe(before + 1);
    expect(t.faults().stats().rules[0]).toMatchObject({ id: 'down', applied: 2, active: false });
  });
});

describe('the fault suite scenarios this layer exists for', () => {
  afterEach(() => {
    espo.faults.clear();
    green.faults.clear();
  });

  it('EspoCRM saves a Note but the answer is lost; GET shows the note exists', async () => {
    espo.faults.add({ mode: 'lose_answer', method: 'POST', path: '/api/v1/Note', count: 1 });
    const post = `lost answer ${Date.now()}`;
    const sent = fetch(`${espo.url}/api/v1/Note`, {
      method: 'POST',
      headers: ESPO_HEADERS,
      body: JSON.stringify({ type: 'Post', post, parentType: 'Lead', parentId: leadId }),
    });
    await expect(sent).rejects.toThrow('fetch failed');
    const list = (await (
      await fetch(`${espo.url}/api/v1/Note?maxSize=200`, { headers: ESPO_HEADERS })
    ).json()) as { list: Array<{ id: string; post: string }> };
    const note = list.list.find((n) => n.post === post);
    expect(note).toBeDefined();
    const got = await fetch(`${espo.url}/api/v1/Note/${note?.id}`, { headers: ESPO_HEADERS });
    expect(got.status).toBe(200);
    expect(((await got.json()) as { post: string }).post).toBe(post);
  });

  it('Green-API sends the message but the answer is lost; sent() has it', async () => {
    green.reset();
    green.faults.add({ mode: 'lose_answer', pathRegex: '/sendMessage/', count: 1 });
    const chatId = '33600000009@c.us';
    const sent = fetch(`${green.url}/waInstance${ID}/sendMessage/${green.tokenFor(ID)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ chatId, message: 'only once' }),
    });
    await expect(sent).rejects.toThrow('fetch failed');
    expect(green.sent()).toMatchObject([{ chatId, message: 'only once' }]);
    // The stand-in's request log shows it answered 200: the answer was lost on the wire.
    expect(green.requests()).toEqual([{ idInstance: ID, method: 'sendMessage', status: 200 }]);
  });

  it('one message’s record gets a proxy’s error page (matched by its query), the others are answered', async () => {
    espo.faults.add({ id: 'poison', mode: 'bad_answer', method: 'GET', queryRegex: 'poison@x\\.fr' });
    const look = (email: string) =>
      fetch(
        `${espo.url}/api/v1/Lead?where[0][type]=equals&where[0][attribute]=emailAddress&where[0][value]=${encodeURIComponent(email)}`,
        {
          headers: ESPO_HEADERS,
        },
      );
    expect((await look('poison@x.fr')).headers.get('content-type')).toBe('text/html');
    expect((await look('other@x.fr')).headers.get('content-type')).toMatch(/json/);
    expect(espo.faults.applied('poison')).toBe(1);
    espo.faults.clear();
  });

  it('CRM down, then recovered: requests reset while down, answered after', async () => {
    espo.faults.add({ id: 'crm-down', mode: 'down', forMs: 300 });
    const lead = () =>
      fetch(`${espo.url}/api/v1/Lead?maxSize=1`, { headers: ESPO_HEADERS }).then(
        (r) => r.status,
        () => 'reset',
      );
    expect(await lead()).toBe('reset');
    await new Promise((r) => setTimeout(r, 320));
    expect(await lead()).toBe(200);
    expect(espo.faults.applied('crm-down')).toBe(1);
  });
});
