import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Clock, createGreenApiClient, createMemoryLogger, type GreenApiClientOptions } from '@max/core';
import { type GreenApiStandIn, startGreenApiStandIn } from '@max/sandbox';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { caught } from './helpers.ts';

const ID = '1101000001';
const CHAT = '33698765432@c.us';

let green: GreenApiStandIn;
beforeAll(async () => {
  green = await startGreenApiStandIn({ port: 0 });
});
afterAll(() => green.stop());
beforeEach(() => {
  green.reset();
  green.faults.clear();
});

function client(over: Partial<GreenApiClientOptions> = {}) {
  const sleeps: number[] = [];
  const clock: Clock = { now: () => new Date(), sleep: async (ms) => void sleeps.push(ms) };
  const logger = createMemoryLogger('debug');
  const c = createGreenApiClient({
    apiUrl: green.url,
    idInstance: ID,
    apiToken: green.tokenFor(ID),
    fetch: (i, init) => fetch(i, init),
    clock,
    logger,
    random: () => 0.5,
    timeoutMs: 2000,
    retries: 3,
    ...over,
  });
  return { c, sleeps, logger };
}

const sends = () => green.requests().filter((r) => r.method === 'sendMessage');

describe('Green-API: sendMessage is never sent twice by the client', () => {
  it('an answer lost after the message went out: one WhatsApp message, delivery unknown, no retry', async () => {
    const { c, sleeps } = client();
    green.faults.add({ mode: 'lose_answer', pathRegex: 'sendMessage', count: 1 });
    const e = await caught(c.sendMessage({ chatId: CHAT, message: 'Lead créé : Marie Dupont' }));
    expect(e.retryable).toBe(true);
    expect(e.details).toMatchObject({ delivery: 'unknown' });
    expect(sleeps).toEqual([]);
    // Sent exactly once although the caller saw a failure…
    expect(green.sent().map((m) => m.message)).toEqual(['Lead créé : Marie Dupont']);
    // …and Green-API's journal is where the outbox finds it before sending again.
    const journal = await c.lastOutgoingMessages(5);
    expect(journal).toHaveLength(1);
    expect(journal[0]).toMatchObject({
      type: 'outgoing',
      chatId: CHAT,
      textMessage: 'Lead créé : Marie Dupont',
      sendByApi: true,
      idMessage: green.sent()[0]!.idMessage,
    });
    expect(await c.getMessage({ chatId: CHAT, idMessage: journal[0]!.idMessage })).toMatchObject({
      type: 'outgoing',
      textMessage: 'Lead créé : Marie Dupont',
    });
  });

  it('a timeout is not retried (the message may be on its way): delivery unknown', async () => {
    const { c, sleeps } = client({ timeoutMs: 150 });
    green.failNext(3, 'hang', { method: 'sendMessage' });
    const e = await caught(c.sendMessage({ chatId: CHAT, message: 'hello' }));
    expect(e.code).toBe('timeout');
    expect(e.details).toMatchObject({ delivery: 'unknown' });
    expect(sends()).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('a 5xx is not retried (it proves nothing): delivery unknown, and the log line says so', async () => {
    const { c, sleeps, logger } = client();
    green.failNext(3, 500, { method: 'sendMessage' });
    const e = await caught(c.sendMessage({ chatId: CHAT, message: 'hello' }));
    expect(e.code).toBe('unavailable');
    expect(e.retryable).toBe(true);
    expect(e.details).toMatchObject({ status: 500, delivery: 'unknown' });
    expect(sends()).toHaveLength(1);
    expect(sleeps).toEqual([]);
    expect(logger.lines.find((l) => l.event === 'greenapi.call')).toMatchObject({
      method: 'sendMessage',
      attempt: 1,
      delivery: 'unknown',
    });
  });

  it('a 429 proves nothing was sent: retried after Retry-After, then sent once', async () => {
    const { c, sleeps } = client();
    green.failNext(1, 429, { method: 'sendMessage', retryAfterSeconds: 1 });
    await c.sendMessage({ chatId: CHAT, message: 'hello' });
    expect(sends().map((r) => r.status)).toEqual([429, 200]);
    expect(green.sent()).toHaveLength(1);
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThanOrEqual(1000);
  });

  it('a 429 that lasts, a 466 and other 4xx: final, delivery not_sent', async () => {
    const { c } = client({ retries: 1 });
    green.failNext(5, 429, { method: 'sendMessage', retryAfterSeconds: 0 });
    expect((await caught(c.sendMessage({ chatId: CHAT, message: 'a' }))).details).toMatchObject({
      delivery: 'not_sent',
      kind: 'rate',
    });
    green.failNext(5, 466, { method: 'sendMessage' });
    expect((await caught(c.sendMessage({ chatId: CHAT, message: 'b' }))).details).toMatchObject({
      delivery: 'not_sent',
      kind: 'quota',
    });
    green.failNext(5, 400, { method: 'sendMessage' });
    expect((await caught(c.sendMessage({ chatId: CHAT, message: 'c' }))).details).toMatchObject({
      delivery: 'not_sent',
    });
    expect(green.sent()).toHaveLength(0);
  });

  it('no connection at all: delivery not_sent, so the client may try again', async () => {
    const srv = createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const port = (srv.address() as AddressInfo).port;
    await new Promise((r) => srv.close(r));
    const { c, sleeps } = client({ apiUrl: `http://127.0.0.1:${port}`, retries: 2 });
    const e = await caught(c.sendMessage({ chatId: CHAT, message: 'hello' }));
    expect(e.details).toMatchObject({ delivery: 'not_sent' });
    expect(sleeps).toHaveLength(2);
    // A fetch error that does not prove the request stayed home is "unknown", and not retried.
    const vague = client({
      fetch: async () => {
        throw new TypeError('fetch failed');
      },
    });
    expect((await caught(vague.c.sendMessage({ chatId: CHAT, message: 'x' }))).details).toMatchObject({
      delivery: 'unknown',
    });
    expect(vague.sleeps).toEqual([]);
  });
});

describe('lastOutgoingMessages and getMessage', () => {
  it('lastOutgoingMessages: newest first, filtered by minutes, other instances excluded', async () => {
    const { c } = client();
    const first = await c.sendMessage({ chatId: CHAT, message: 'un' });
    const second = await c.sendMessage({ chatId: '33611111111@c.us', message: 'deux', linkPreview: true });
    const other = createGreenApiClient({
      apiUrl: green.url,
      idInstance: '1101000002',
      apiToken: green.tokenFor('1101000002'),
      fetch,
      clock: { now: () => new Date(), sleep: async () => {} },
      logger: createMemoryLogger(),
    });
    await other.sendMessage({ chatId: CHAT, message: 'autre instance' });
    const items = await c.lastOutgoingMessages(10);
    expect(items.map((i) => i.idMessage)).toEqual([second.idMessage, first.idMessage]);
    expect(items[0]).toMatchObject({
      typeMessage: 'extendedTextMessage',
      extendedTextMessage: { text: 'deux' },
    });
    expect(items[1]).toMatchObject({ typeMessage: 'textMessage', textMessage: 'un', statusMessage: 'sent' });
    expect(typeof items[1]!.timestamp).toBe('number');
    expect((await caught(c.lastOutgoingMessages(0))).code).toBe('validation');
  });

  it('lastOutgoingMessages skips malformed items and counts them in its log line', async () => {
    const { c, logger } = client({
      fetch: async () =>
        Response.json([
          { type: 'outgoing', idMessage: 'BAE5A', timestamp: 1, typeMessage: 'textMessage', chatId: CHAT },
          { type: 'outgoing', idMessage: '', timestamp: 2, typeMessage: 'textMessage', chatId: CHAT },
          { idMessage: 'BAE5B', typeMessage: 'textMessage', chatId: CHAT },
        ]),
    });
    expect((await c.lastOutgoingMessages(5)).map((i) => i.idMessage)).toEqual(['BAE5A']);
    expect(logger.lines.find((l) => l.event === 'greenapi.call')).toMatchObject({
      method: 'lastOutgoingMessages',
      count: 1,
      skipped: 2,
    });
  });

  it('getMessage: an outgoing or incoming message by id; null when Green-API does not know it', async () => {
    const { c } = client();
    const sent = await c.sendMessage({ chatId: CHAT, message: 'bonjour' });
    green.addIncoming(ID, { chatId: CHAT, idMessage: 'IN1', textMessage: 'salut' });
    expect(await c.getMessage({ chatId: CHAT, idMessage: sent.idMessage })).toMatchObject({
      type: 'outgoing',
      sendByApi: true,
    });
    expect(await c.getMessage({ chatId: CHAT, idMessage: 'IN1' })).toMatchObject({
      type: 'incoming',
      textMessage: 'salut',
    });
    expect(await c.getMessage({ chatId: CHAT, idMessage: 'NOPE' })).toBeNull();
    // A 404 is "unknown" too; any other 400 is an error, not a silent null.
    const notFound = client({ fetch: async () => new Response('', { status: 404 }) });
    expect(await notFound.c.getMessage({ chatId: CHAT, idMessage: 'X' })).toBeNull();
    const bad = client({ fetch: async () => new Response('Validation failed', { status: 400 }) });
    expect((await caught(bad.c.getMessage({ chatId: CHAT, idMessage: 'X' }))).code).toBe('bad_request');
    expect((await caught(c.getMessage({ chatId: 'nope', idMessage: 'X' }))).code).toBe('validation');
  });
});
