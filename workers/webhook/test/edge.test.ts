import { env, SELF } from 'cloudflare:test';
import { deriveWebhookToken } from '@max/core/greenapi/webhook';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Bindings } from '../src/env.ts';
import { awayFromMinuteEdge, envelope, INSTANCE, message, post, SECRET, text, uid } from './helpers.ts';

const chatOf = (n: number) => `3369${String(n).padStart(7, '0')}@c.us`;

describe('payloads the docs leave open', () => {
  it('an unknown typeMessage is queued as inbound, not refused (a 400 would stall the instance)', async () => {
    const r = await post(message('incomingMessageReceived', { typeMessage: 'groupInviteMessage', x: 1 }));
    expect(r.status).toBe(200);
    expect(r.sent[0]).toMatchObject({
      kind: 'inbound',
      event: { messageData: { typeMessage: 'groupInviteMessage' } },
    });
  });

  it('thumbnails are dropped before queueing (queue messages are capped at 128 KB)', async () => {
    const data = {
      typeMessage: 'imageMessage',
      fileMessageData: {
        downloadUrl: 'https://x/f.jpg',
        caption: 'devis',
        jpegThumbnail: 'A'.repeat(150_000),
      },
    };
    const r = await post(message('incomingMessageReceived', data));
    expect(r.status).toBe(200);
    expect(JSON.stringify(r.sent[0])).not.toContain('jpegThumbnail');
    expect(r.sent[0]).toMatchObject({ event: { messageData: { fileMessageData: { caption: 'devis' } } } });
  });

  it('a body under 256 KB that would still not fit the queue → 413, nothing queued', async () => {
    const r = await post(text('€'.repeat(60_000)));
    expect(r.status).toBe(413);
    expect(r.json).toEqual({ error: { code: 'payload_too_large', message: 'Message too large to queue' } });
    expect(r.sent).toHaveLength(0);
  });
});

describe('request ids', () => {
  it('reuses a safe x-request-id, end to end', async () => {
    const r = await post(text('x', chatOf(1)), { headers: { 'x-request-id': 'green-abc-123' } });
    expect(r.res.headers.get('x-request-id')).toBe('green-abc-123');
    expect(r.sent[0]!.requestId).toBe('green-abc-123');
  });

  it('takes cf-ray when there is no x-request-id', async () => {
    const r = await post(text('x', chatOf(2)), { headers: { 'cf-ray': '8f1c2d3e4a5b6c7d-CDG' } });
    expect(r.sent[0]!.requestId).toBe('8f1c2d3e4a5b6c7d-CDG');
  });

  it('mints a UUID for an oversized or unsafe id (it must not poison the queue message)', async () => {
    const r = await post(text('x', chatOf(3)), { headers: { 'x-request-id': 'x'.repeat(500) } });
    expect(r.status).toBe(200);
    expect(r.sent[0]!.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.res.headers.get('x-request-id')).toBe(r.sent[0]!.requestId);
  });
});

describe('pathological JSON', () => {
  const nested = (levels: number) => `${'['.repeat(levels)}1${']'.repeat(levels)}`;
  const webhookWith = (extra: string, idMessage = uid('DEEP')) => {
    const json = JSON.stringify(text('bonjour', chatOf(8), idMessage));
    // The nesting rides in a field Green-API may add (extra keys are accepted), after a valid token.
    return `${json.slice(0, -1)},"extra":${extra}}`;
  };
  const send = async (body: string) => {
    const token = await deriveWebhookToken(SECRET, String(INSTANCE));
    return SELF.fetch('http://worker.test/webhooks/greenapi', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body,
    });
  };

  it('a webhook nesting 40,000 levels gets a 400 with its reason, not a 500', async () => {
    const res = await send(webhookWith(nested(40_000)));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: { code: 'bad_request', message: 'Body nests deeper than 32 levels' },
    });
  });

  it('objects nested past the limit too; brackets inside strings do not count', async () => {
    const objects = `${'{"a":'.repeat(33)}1${'}'.repeat(33)}`;
    expect((await send(webhookWith(objects))).status).toBe(400);
    const inString = JSON.stringify('['.repeat(40_000));
    expect((await send(webhookWith(inString))).status).toBe(200);
  });

  it('nesting within the limit is queued as usual', async () => {
    // The extra field sits on the envelope (level 1): 1 + 28 = 29 levels, under 32.
    const res = await send(webhookWith(nested(28)));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true });
  });
});

describe('rate limits', () => {
  it('over the per-instance flood guard (200/min) nothing is dropped: queued as inbound, 60 s later', async () => {
    const instance = 1101000077;
    await awayFromMinuteEdge();
    const results = [];
    // 203 messages over 11 chats: per-chat limits no longer exist at the edge, the instance passes 200.
    for (let i = 0; i < 203; i++) {
      const body = message(
        'incomingMessageReceived',
        { typeMessage: 'textMessage', textMessageData: { textMessage: 'x' } },
        chatOf(1000 + (i % 11)),
      );
      results.push(await post({ ...body, instanceData: { idInstance: instance } }, { instance }));
    }
    expect(results.every((r) => r.status === 200 && r.sent.length === 1)).toBe(true);
    expect(results.every((r) => r.sent[0]!.kind === 'inbound')).toBe(true);
    expect(results.slice(0, 200).every((r) => r.options[0]?.delaySeconds === undefined)).toBe(true);
    expect(results.slice(0, 200).every((r) => r.json.delayed === undefined)).toBe(true);
    expect(results.slice(200).map((r) => r.options[0])).toEqual(
      Array(3).fill({ contentType: 'json', delaySeconds: 60 }),
    );
    expect(results.slice(200).map((r) => r.json)).toEqual(
      results
        .slice(200)
        .map((r) => ({ ok: true, requestId: r.res.headers.get('x-request-id'), delayed: true })),
    );
  }, 40_000);

  it('a failing rate limiter fails open: the message is still queued as inbound, at once', async () => {
    const broken = {
      limit: async () => {
        throw new Error('limiter down');
      },
    } as unknown as RateLimit;
    const r = await post(text('x', chatOf(4)), { env: { RL_INSTANCE: broken } });
    expect(r.status).toBe(200);
    expect(r.sent[0]!.kind).toBe('inbound');
    expect(r.options[0]).toEqual({ contentType: 'json' });
  });

  it('human_active messages are not counted against the instance', async () => {
    const instance = 1101000078;
    const limiter = (env as unknown as Bindings).RL_INSTANCE;
    let calls = 0;
    const counting = {
      limit: async (o: { key: string }) => {
        calls++;
        return limiter.limit(o);
      },
    } as unknown as RateLimit;
    const body = message(
      'outgoingMessageReceived',
      { typeMessage: 'textMessage', textMessageData: { textMessage: 'x' } },
      chatOf(5),
    );
    const r = await post(
      { ...body, instanceData: { idInstance: instance } },
      {
        instance,
        env: { RL_INSTANCE: counting },
      },
    );
    expect(r.sent[0]!.kind).toBe('human_active');
    expect(calls).toBe(0);
  });
});

describe('logs', () => {
  afterEach(() => vi.restoreAllMocks());

  it('one JSON line per request with the outcome, and no message text or phone number', async () => {
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((l: unknown) => void lines.push(String(l)));
    const secretText = `Jean Dupont 0612345678 ${uid()}`;
    await post(text(secretText, '33687654321@c.us'));
    await post(text('x'), { auth: 'Bearer wrong' });
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(parsed).toHaveLength(2);
    expect(parsed[0]).toMatchObject({
      event: 'webhook',
      idInstance: '1101000001',
      typeWebhook: 'incomingMessageReceived',
      outcome: 'queued',
      status: 200,
    });
    expect(typeof parsed[0]!.requestId).toBe('string');
    expect(typeof parsed[0]!.durationMs).toBe('number');
    expect(parsed[1]).toMatchObject({ outcome: 'unauthorized', status: 401 });
    const all = lines.join('\n');
    expect(all).not.toContain('Jean');
    expect(all).not.toContain('33687654321');
    expect(all).not.toContain('0612345678');
  });
});

describe('configuration fails closed', () => {
  it.each([
    ['AGENT_SHARED_SECRET missing', { AGENT_SHARED_SECRET: undefined }],
    ['GREENAPI_WEBHOOK_SECRET too short', { GREENAPI_WEBHOOK_SECRET: 'short' }],
    ['AGENT_URL not a URL', { AGENT_URL: 'not a url' }],
  ])('%s → 503, nothing queued', async (_name, bad) => {
    const r = await post(text('x', chatOf(7)), { env: bad as Partial<Bindings> });
    expect(r.status).toBe(503);
    expect(r.json).toEqual({ error: { code: 'unavailable', message: 'Service not configured' } });
    expect(r.sent).toHaveLength(0);
  });
});

describe('logs (other routes)', () => {
  afterEach(() => vi.restoreAllMocks());

  it('a 404 also gets its one line', async () => {
    const { app } = await import('../src/app.ts');
    const { env } = await import('cloudflare:test');
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((l: unknown) => void lines.push(String(l)));
    const res = await app.fetch(new Request('http://worker.test/nope?x=1'), env as unknown as Bindings);
    expect(res.status).toBe(404);
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      expect.objectContaining({ event: 'request', method: 'GET', path: '/nope', status: 404 }),
    ]);
  });
});

describe('health', () => {
  it('asks the agent with ?health=1 and reports it', async () => {
    const res = await SELF.fetch('http://worker.test/api/health');
    const body = (await res.json()) as Record<string, unknown>;
    expect(res.status).toBe(200);
    expect(body).toMatchObject({ ok: true, service: 'webhook', agent: 'ok' });
    expect(typeof body.agentLatencyMs).toBe('number');
  });

  it('reports agent down (503) when the agent does not answer', async () => {
    const { app } = await import('../src/app.ts');
    const { env } = await import('cloudflare:test');
    const res = await app.fetch(new Request('http://worker.test/api/health'), {
      ...(env as unknown as Bindings),
      AGENT_URL: 'http://unreachable.test/agent',
    });
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ ok: true, agent: 'down' });
  });

  it('unknown errors become a JSON 500 that leaks nothing', async () => {
    const { app } = await import('../src/app.ts');
    const { env } = await import('cloudflare:test');
    // An unexpected failure inside the route: reading a binding throws.
    const broken = Object.defineProperty({ ...(env as unknown as Bindings) }, 'RL_INSTANCE', {
      get() {
        throw new Error('secret internals');
      },
    });
    const token = await deriveWebhookToken(SECRET, String(INSTANCE));
    const req = new Request('http://worker.test/webhooks/greenapi', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(text('x', chatOf(6))),
    });
    const res = await app.fetch(req, broken);
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: { code: 'internal', message: 'Internal error' } });
  });
});

describe('envelope helpers', () => {
  it('ignored types still answer with their reason', async () => {
    const r = await post(envelope('stateInstanceChanged', { stateInstance: 'yellowCard' }));
    expect(r.json).toEqual({ ignored: 'stateInstanceChanged' });
  });
});
