import { SELF } from 'cloudflare:test';
import { deriveWebhookToken } from '@max/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Bindings } from '../src/env.ts';
import { envelope, INSTANCE, message, post, SECRET, text, uid } from './helpers.ts';

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

describe('rate limits', () => {
  it('over the per-instance limit (200/min) across chats: throttled, one notice per chat', async () => {
    const instance = 1101000077;
    const kinds: string[] = [];
    const notices: unknown[] = [];
    // 11 chats × 19 messages: no chat reaches its own limit of 20, the instance passes 200.
    for (let chat = 0; chat < 11; chat++) {
      for (let i = 0; i < 19; i++) {
        const body = message(
          'incomingMessageReceived',
          { typeMessage: 'textMessage', textMessageData: { textMessage: 'x' } },
          chatOf(1000 + chat),
        );
        const r = await post({ ...body, instanceData: { idInstance: instance } }, { instance });
        expect(r.status).toBe(200);
        kinds.push(String(r.sent[0]!.kind));
        if (r.sent[0]!.kind === 'throttled') notices.push(r.sent[0]!.notify);
      }
    }
    expect(kinds.slice(0, 200).every((k) => k === 'inbound')).toBe(true);
    expect(kinds.slice(200)).toEqual(Array(9).fill('throttled'));
    expect(notices).toEqual([true, ...Array(8).fill(false)]);
  });

  it('a failing rate limiter fails open: the message is still queued as inbound', async () => {
    const broken = {
      limit: async () => {
        throw new Error('limiter down');
      },
    } as unknown as RateLimit;
    const r = await post(text('x', chatOf(4)), { env: { RL_CHAT: broken, RL_INSTANCE: broken } });
    expect(r.status).toBe(200);
    expect(r.sent[0]!.kind).toBe('inbound');
  });

  it('human_active and ignored types are not counted against the chat', async () => {
    const chat = chatOf(5);
    for (let i = 0; i < 25; i++) {
      const r = await post(
        message(
          'outgoingMessageReceived',
          { typeMessage: 'textMessage', textMessageData: { textMessage: 'x' } },
          chat,
        ),
      );
      expect(r.sent[0]!.kind).toBe('human_active');
    }
    expect((await post(text('x', chat))).sent[0]!.kind).toBe('inbound');
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
    const broken = Object.defineProperty({ ...(env as unknown as Bindings) }, 'RL_CHAT', {
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
