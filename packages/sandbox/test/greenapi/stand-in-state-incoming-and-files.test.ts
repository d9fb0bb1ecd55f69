import { startGreenApiStandIn } from '@max/sandbox';
import { describe, expect, it, vi } from 'vitest';
import { A, api, B, g, ID, send, useStandIn } from './stand-in-setup.ts';

useStandIn();

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
