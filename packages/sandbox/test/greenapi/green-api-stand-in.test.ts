import { type GreenApiStandIn, startGreenApiStandIn } from '@max/sandbox';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

const ID = '1101000001';
const A = '33600000001@c.us';
const B = '33600000002@c.us';

let g: GreenApiStandIn;
beforeAll(async () => {
  g = await startGreenApiStandIn({ port: 0 });
});
afterAll(() => g.stop());
beforeEach(() => g.reset());

const api = (method: string, init: RequestInit = {}, id = ID, token = g.tokenFor(id), query = '') =>
  fetch(`${g.url}/waInstance${id}/${method}/${token}${query}`, init);
const send = (body: unknown, id = ID, token?: string) =>
  api(
    'sendMessage',
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
    id,
    token,
  );

describe('Green-API stand-in: sendMessage', () => {
  it('records every message and lists it over HTTP, with chatId, since and instance filters', async () => {
    const r1 = await send({ chatId: A, message: 'one', quotedMessageId: 'Q' });
    expect(r1.status).toBe(200);
    const { idMessage } = (await r1.json()) as { idMessage: string };
    await send({ chatId: B, message: 'two', linkPreview: false });
    await send({ chatId: A, message: 'three' }, '1101000002');
    expect(g.sent().map((m) => m.message)).toEqual(['one', 'two', 'three']);
    expect(g.sent()[0]).toMatchObject({
      idInstance: ID,
      chatId: A,
      quotedMessageId: 'Q',
      idMessage,
      index: 0,
    });
    expect(Date.parse(g.sent()[0]?.at ?? '')).not.toBeNaN();

    const list = async (q: string) =>
      ((await (await fetch(`${g.url}/sandbox/messages${q}`)).json()) as Array<{ message: string }>).map(
        (m) => m.message,
      );
    expect(await list('')).toEqual(['one', 'two', 'three']);
    expect(await list(`?chatId=${encodeURIComponent(A)}`)).toEqual(['one', 'three']);
    expect(await list('?since=1')).toEqual(['two', 'three']);
    expect(await list('?idInstance=1101000002')).toEqual(['three']);

    expect((await fetch(`${g.url}/sandbox/messages`, { method: 'DELETE' })).status).toBe(200);
    expect(await list('')).toEqual([]);
    expect(g.sent()).toEqual([]);
  });

  it('gives unique idMessages', async () => {
    const ids = await Promise.all(
      Array.from(
        { length: 20 },
        async () =>
          ((await (await send({ chatId: A, message: 'x' })).json()) as { idMessage: string }).idMessage,
      ),
    );
    expect(new Set(ids).size).toBe(20);
  });

  it('answers 400 to a bad body and records nothing', async () => {
    for (const body of [
      { message: 'no chat' },
      { chatId: A },
      { chatId: A, message: '' },
      { chatId: '+33600000001', message: 'x' },
      { chatId: A, message: 'x'.repeat(20_001) },
      { chatId: A, message: 'x', linkPreview: 'yes' },
    ])
      expect((await send(body)).status).toBe(400);
    const raw = await api('sendMessage', { method: 'POST', body: '{not json' });
    expect(raw.status).toBe(400);
    expect(g.sent()).toEqual([]);
  });

  it('answers 401 to a wrong token, and never echoes it', async () => {
    const r = await send({ chatId: A, message: 'x' }, ID, 'wrong-token');
    expect(r.status).toBe(401);
    expect(await r.text()).not.toContain('wrong-token');
    expect(g.sent()).toEqual([]);
    // Another instance's token does not open this one.
    expect((await send({ chatId: A, message: 'x' }, ID, g.tokenFor('1101000002'))).status).toBe(401);
  });

  it('with explicit tokens, only the listed instances exist', async () => {
    const s = await startGreenApiStandIn({ tokens: { '7700000001': 'tok-1' } });
    try {
      const post = (id: string, token: string) =>
        fetch(`${s.url}/waInstance${id}/getStateInstance/${token}`).then((r) => r.status);
      expect(await post('7700000001', 'tok-1')).toBe(200);
      expect(await post('7700000001', 'tok-2')).toBe(401);
      expect(await post('7700000002', 'tok-1')).toBe(401);
      expect(s.tokenFor('7700000002')).toBe('');
    } finally {
      await s.stop();
    }
  });

  it('405 on the wrong verb, 404 on unknown methods and paths', async () => {
    expect((await api('sendMessage')).status).toBe(405);
    expect((await api('noSuchMethod')).status).toBe(404);
    expect((await fetch(`${g.url}/nothing`)).status).toBe(404);
  });
});

describe('Green-API stand-in: failure injection', () => {
  it('fails the next n requests with the given status, then recovers', async () => {
    g.failNext(2, 466);
    expect((await send({ chatId: A, message: 'x' })).status).toBe(466);
    expect((await send({ chatId: A, message: 'x' })).status).toBe(466);
    expect((await send({ chatId: A, message: 'x' })).status).toBe(200);
    expect(g.sent()).toHaveLength(1);
    expect(g.requests().map((r) => r.status)).toEqual([466, 466, 200]);
  });

  it('can target one method and send Retry-After', async () => {
    g.failNext(1, 429, { method: 'sendMessage', retryAfterSeconds: 3 });
    expect((await api('getStateInstance')).status).toBe(200);
    const r = await send({ chatId: A, message: 'x' });
    expect(r.status).toBe(429);
    expect(r.headers.get('retry-after')).toBe('3');
  });

  it('can hang so that clients time out', async () => {
    g.failNext(1, 'hang');
    const started = Date.now();
    const err = await fetch(`${g.url}/waInstance${ID}/getStateInstance/${g.tokenFor(ID)}`, {
      signal: AbortSignal.timeout(150),
    }).then(
      () => null,
      (e: Error) => e,
    );
    expect(err?.name).toBe('TimeoutError');
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect((await api('getStateInstance')).status).toBe(200);
  });
});

describe('Green-API stand-in: state, settings, incoming, files', () => {
  it('reports and changes the instance state', async () => {
    expect(await (await api('getStateInstance')).json()).toEqual({ stateInstance: 'authorized' });
    g.setState(ID, 'blocked');
    expect(await (await api('getStateInstance')).json()).toEqual({ stateInstance: 'blocked' });
  });

  it('stores settings per instance', async () => {
    const r = await api('setSettings', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ incomingWebhook: 'yes', webhookUrlToken: 't' }),
    });
    expect(await r.json()).toEqual({ saveSettings: true });
    expect(g.settings(ID)).toEqual({ incomingWebhook: 'yes', webhookUrlToken: 't' });
    expect(await (await api('getSettings')).json()).toMatchObject({ incomingWebhook: 'yes' });
    expect(g.settings('1101000002')).toEqual({});
  });

  it('lists recent incoming messages, newest first, within the minutes asked', async () => {
    const now = Math.floor(Date.now() / 1000);
    g.addIncoming(ID, { chatId: A, idMessage: 'M1', textMessage: 'hi', timestamp: now - 30 });
    g.addIncoming(ID, { chatId: A, idMessage: 'M2', textMessage: 'again', timestamp: now - 10 });
    g.addIncoming(ID, { chatId: A, idMessage: 'M0', textMessage: 'old', timestamp: now - 3600 });
    const items = (await (
      await api('lastIncomingMessages', {}, ID, undefined, '?minutes=5')
    ).json()) as Array<Record<string, unknown>>;
    expect(items.map((i) => i.idMessage)).toEqual(['M2', 'M1']);
    expect(items[0]).toMatchObject({ type: 'incoming', typeMessage: 'textMessage', chatId: A, senderId: A });
  });

  it('serves uploaded files with their type, and answers downloadFile for media messages', async () => {
    const url = g.putFile(new Uint8Array([1, 2, 3]), 'audio/ogg');
    expect(url.startsWith(`${g.url}/sandbox/files/`)).toBe(true);
    const r = await fetch(url);
    expect(r.headers.get('content-type')).toBe('audio/ogg');
    expect(new Uint8Array(await r.arrayBuffer())).toEqual(new Uint8Array([1, 2, 3]));
    expect((await fetch(`${g.url}/sandbox/files/unknown`)).status).toBe(404);

    g.addIncoming(ID, { chatId: A, idMessage: 'V1', typeMessage: 'audioMessage', downloadUrl: url });
    const post = (body: unknown) =>
      api('downloadFile', { method: 'POST', body: JSON.stringify(body) }).then(async (res) => ({
        status: res.status,
        body: (await res.json()) as Record<string, unknown>,
      }));
    expect(await post({ chatId: A, idMessage: 'V1' })).toEqual({ status: 200, body: { downloadUrl: url } });
    expect((await post({ chatId: B, idMessage: 'V1' })).status).toBe(404);
    expect((await post({ idMessage: 'V1' })).status).toBe(400);
  });

  it('lastOutgoingMessages lists what sendMessage sent, newest first, in the journal shape', async () => {
    const one = (await (await send({ chatId: A, message: 'un', linkPreview: false })).json()) as {
      idMessage: string;
    };
    const two = (await (
      await send({ chatId: B, message: 'deux https://x.fr', linkPreview: true })
    ).json()) as {
      idMessage: string;
    };
    await send({ chatId: A, message: 'other instance' }, '1101000002');
    const items = (await (
      await api('lastOutgoingMessages', {}, ID, undefined, '?minutes=5')
    ).json()) as Array<Record<string, unknown>>;
    expect(items.map((i) => i.idMessage)).toEqual([two.idMessage, one.idMessage]);
    expect(items[1]).toEqual({
      type: 'outgoing',
      idMessage: one.idMessage,
      timestamp: Math.floor(Date.parse(g.sent()[0]!.at) / 1000),
      statusMessage: 'sent',
      sendByApi: true,
      chatId: A,
      typeMessage: 'textMessage',
      textMessage: 'un',
    });
    expect(items[0]).toMatchObject({
      typeMessage: 'extendedTextMessage',
      textMessage: 'deux https://x.fr',
      extendedTextMessage: { text: 'deux https://x.fr' },
    });
    expect((await api('lastOutgoingMessages', { method: 'POST' })).status).toBe(405);
  });

  it('lastOutgoingMessages keeps only the last `minutes`', async () => {
    await send({ chatId: A, message: 'earlier' });
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 2 * 3600_000); // two hours later
      await send({ chatId: A, message: 'now' });
      const recent = async (minutes: number) =>
        (
          (await (
            await api('lastOutgoingMessages', {}, ID, undefined, `?minutes=${minutes}`)
          ).json()) as Array<{
            textMessage: string;
          }>
        ).map((i) => i.textMessage);
      expect(await recent(60)).toEqual(['now']);
      expect(await recent(180)).toEqual(['now', 'earlier']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('getMessage answers a sent or received message by chat and id; 400 "not found" otherwise', async () => {
    const { idMessage } = (await (await send({ chatId: A, message: 'bonjour' })).json()) as {
      idMessage: string;
    };
    g.addIncoming(ID, { chatId: A, idMessage: 'IN1', textMessage: 'salut' });
    const get = (body: unknown, id = ID) =>
      api('getMessage', { method: 'POST', body: JSON.stringify(body) }, id).then(async (res) => ({
        status: res.status,
        body: (await res.json()) as Record<string, unknown>,
      }));
    expect(await get({ chatId: A, idMessage })).toMatchObject({
      status: 200,
      body: { type: 'outgoing', idMessage, chatId: A, textMessage: 'bonjour', sendByApi: true },
    });
    expect(await get({ chatId: A, idMessage: 'IN1' })).toMatchObject({
      status: 200,
      body: { type: 'incoming', idMessage: 'IN1', textMessage: 'salut', senderId: A },
    });
    const unknown = await get({ chatId: B, idMessage });
    expect(unknown.status).toBe(400);
    expect(String(unknown.body.message)).toMatch(/not found/i);
    expect((await get({ chatId: A, idMessage }, '1101000002')).status).toBe(400);
    expect((await get({ idMessage })).status).toBe(400);
  });

  it('waitForMessages resolves once enough were sent, and times out otherwise', async () => {
    const waiting = g.waitForMessages(2, { chatId: A, timeoutMs: 2000 });
    await send({ chatId: A, message: '1' });
    await send({ chatId: B, message: 'other' });
    await send({ chatId: A, message: '2' });
    expect((await waiting).map((m) => m.message)).toEqual(['1', '2']);
    await expect(g.waitForMessages(5, { timeoutMs: 50 })).rejects.toThrow(/expected 5/);
  });

  it('reset forgets messages, state, files, incoming and pending failures', async () => {
    await send({ chatId: A, message: 'x' });
    const url = g.putFile(new Uint8Array([1]), 'image/png');
    g.setState(ID, 'blocked');
    g.addIncoming(ID, { chatId: A, idMessage: 'X' });
    g.failNext(5, 500);
    g.reset();
    expect(g.sent()).toEqual([]);
    expect(g.requests()).toEqual([]);
    expect((await fetch(url)).status).toBe(404);
    expect(await (await api('getStateInstance')).json()).toEqual({ stateInstance: 'authorized' });
    expect(await (await api('lastIncomingMessages')).json()).toEqual([]);
  });

  it('adds the configured latency to API calls', async () => {
    const s = await startGreenApiStandIn({ latencyMs: 80 });
    try {
      const t0 = Date.now();
      const r = await fetch(`${s.url}/waInstance${ID}/getStateInstance/${s.tokenFor(ID)}`);
      expect(r.status).toBe(200);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(75);
    } finally {
      await s.stop();
    }
  });
});
