import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createGreenApiClient,
  type GreenApiClientOptions,
  MAX_MESSAGE_LENGTH,
  TRUNCATION_MARKER,
} from '@max/core';
import { type GreenApiStandIn, startGreenApiStandIn } from '@max/sandbox';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CHAT, caught, fakeClock, ID, standInClient } from './helpers.ts';

let green: GreenApiStandIn;
let token: string;
beforeAll(async () => {
  green = await startGreenApiStandIn({ port: 0 });
  token = green.tokenFor(ID);
});
afterAll(() => green.stop());
beforeEach(() => green.reset());

const client = (over: Partial<GreenApiClientOptions> = {}) => standInClient(green, over);

describe('sendMessage', () => {
  it('posts the message and returns the idMessage the stand-in recorded', async () => {
    const { c, logger } = client();
    const res = await c.sendMessage({ chatId: CHAT, message: 'Bonjour Rija', quotedMessageId: 'Q1' });
    const sent = green.sent();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      idInstance: ID,
      chatId: CHAT,
      message: 'Bonjour Rija',
      quotedMessageId: 'Q1',
      linkPreview: false,
      idMessage: res.idMessage,
    });
    expect(res.idMessage).toMatch(/^BAE5/);
    const calls = logger.lines.filter((l) => l.event === 'greenapi.call');
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ level: 'info', method: 'sendMessage', status: 200, attempt: 1 });
    expect(typeof calls[0]?.durationMs).toBe('number');
  });

  it('never logs the token, the URL, the chat or the text — even when calls fail', async () => {
    const { c, logger } = client({ retries: 1 });
    await c.sendMessage({ chatId: CHAT, message: 'secret deal 4711' });
    green.failNext(2, 500);
    await caught(c.sendMessage({ chatId: CHAT, message: 'secret deal 4711' }));
    const bad = createGreenApiClient({
      apiUrl: green.url,
      idInstance: ID,
      apiToken: 'wrong-token-xyz',
      fetch,
      clock: fakeClock(),
      logger,
    });
    const e = await caught(bad.sendMessage({ chatId: CHAT, message: 'secret deal 4711' }));
    const all = JSON.stringify(logger.lines);
    expect(logger.lines.length).toBe(3);
    for (const needle of [token, 'wrong-token-xyz', 'secret deal', CHAT, green.url, 'waInstance'])
      expect(all).not.toContain(needle);
    expect(`${e.message} ${JSON.stringify(e.details)}`).not.toContain('wrong-token-xyz');
  });

  it('retries a read on 5xx with exponential backoff and jitter, then succeeds', async () => {
    const { c, clock, logger } = client();
    green.failNext(2, 500);
    expect(await c.getStateInstance()).toEqual({ stateInstance: 'authorized' });
    expect(green.requests().map((r) => r.status)).toEqual([500, 500, 200]);
    // random() = 0.5: half the window fixed plus a quarter → 0.75 × 250, 0.75 × 500.
    expect(clock.sleeps).toEqual([188, 375]);
    const line = logger.lines.find((l) => l.event === 'greenapi.call');
    expect(line).toMatchObject({ status: 200, attempt: 3, statuses: [500, 500, 200] });
  });

  it('retries 429 and honours Retry-After', async () => {
    const { c, clock } = client();
    green.failNext(1, 429, { retryAfterSeconds: 2 });
    await c.sendMessage({ chatId: CHAT, message: 'hello' });
    expect(green.sent()).toHaveLength(1);
    expect(clock.sleeps).toHaveLength(1);
    expect(clock.sleeps[0]).toBeGreaterThanOrEqual(2000);
    expect(clock.sleeps[0]).toBeLessThan(2100);
  });

  it('gives up after the bounded number of attempts with a retryable error', async () => {
    const { c, clock } = client({ retries: 3 });
    green.failNext(10, 503);
    const e = await caught(c.lastIncomingMessages(60));
    expect(e.code).toBe('unavailable');
    expect(e.retryable).toBe(true);
    expect(green.requests()).toHaveLength(4);
    expect(clock.sleeps).toEqual([188, 375, 750]);
  });

  it('does not retry 466 (quota): rate_limited, not retryable, kind quota', async () => {
    const { c, clock } = client();
    green.failNext(3, 466);
    const e = await caught(c.sendMessage({ chatId: CHAT, message: 'hello' }));
    expect(e.code).toBe('rate_limited');
    expect(e.retryable).toBe(false);
    expect(e.details).toMatchObject({ kind: 'quota', status: 466 });
    expect(green.requests()).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('does not retry other 4xx', async () => {
    const { c } = client();
    green.failNext(3, 400);
    const e = await caught(c.sendMessage({ chatId: CHAT, message: 'hello' }));
    expect(e.code).toBe('bad_request');
    expect(e.retryable).toBe(false);
    expect(green.requests()).toHaveLength(1);
  });

  it('maps a wrong token to unauthorized, once, without the token in the error', async () => {
    const { c } = client({ apiToken: 'not-the-token' });
    const e = await caught(c.sendMessage({ chatId: CHAT, message: 'hello' }));
    expect(e.code).toBe('unauthorized');
    expect(e.retryable).toBe(false);
    expect(green.requests()).toEqual([{ idInstance: ID, method: 'sendMessage', status: 401 }]);
    expect(e.message).not.toContain('not-the-token');
  });

  it('times out a hanging read and retries it', async () => {
    const { c, logger } = client({ timeoutMs: 150 });
    green.failNext(1, 'hang');
    expect(await c.getStateInstance()).toEqual({ stateInstance: 'authorized' });
    expect(logger.lines.find((l) => l.event === 'greenapi.call')).toMatchObject({
      statuses: ['timeout', 200],
      attempt: 2,
    });
  });

  it('fails with timeout when every attempt hangs', async () => {
    const { c } = client({ timeoutMs: 100, retries: 1 });
    green.failNext(5, 'hang');
    const e = await caught(c.getStateInstance());
    expect(e.code).toBe('timeout');
    expect(e.retryable).toBe(true);
    expect(green.requests()).toHaveLength(2);
  });

  it('treats a refused connection as unavailable, and its cause carries no token', async () => {
    const srv = createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const port = (srv.address() as AddressInfo).port;
    await new Promise((r) => srv.close(r));
    // A fetch that puts the URL in its error, as some runtimes do.
    const leaky: typeof fetch = async (input) => {
      throw new TypeError(`fetch failed for ${String(input)}`);
    };
    for (const f of [fetch, leaky]) {
      const { c, clock } = client({ apiUrl: `http://127.0.0.1:${port}`, retries: 2, fetch: f });
      const e = await caught(c.getStateInstance());
      expect(e.code).toBe('unavailable');
      expect(clock.sleeps).toHaveLength(2);
      expect(String((e.cause as Error).message)).not.toContain(token);
    }
  });

  it('validates input before calling out', async () => {
    const { c } = client();
    for (const bad of [
      { chatId: '+33 6 98 76', message: 'x' },
      { chatId: CHAT, message: '' },
    ]) {
      const e = await caught(c.sendMessage(bad));
      expect(e.code).toBe('validation');
    }
    expect(green.requests()).toHaveLength(0);
  });

  it('accepts group chats', async () => {
    const { c } = client();
    await c.sendMessage({ chatId: '120363043968066561@g.us', message: 'hi group' });
    expect(green.sent()[0]?.chatId).toBe('120363043968066561@g.us');
  });

  it('truncates texts over 20 000 characters and says so in the log', async () => {
    const { c, logger } = client();
    const long = `${'mot '.repeat(6000)}fin`;
    await c.sendMessage({ chatId: CHAT, message: long });
    const got = green.sent()[0]?.message ?? '';
    expect(got.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
    expect(got.endsWith(TRUNCATION_MARKER)).toBe(true);
    expect(long.startsWith(got.slice(0, -TRUNCATION_MARKER.length))).toBe(true);
    expect(logger.lines.find((l) => l.event === 'greenapi.call')).toMatchObject({ truncated: true });
  });
});
