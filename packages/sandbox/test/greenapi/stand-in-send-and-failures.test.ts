import { startGreenApiStandIn } from '@max/sandbox';
import { describe, expect, it } from 'vitest';
import { A, api, B, g, ID, send, useStandIn } from './stand-in-setup.ts';

useStandIn();

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
