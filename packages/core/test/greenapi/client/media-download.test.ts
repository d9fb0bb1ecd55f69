import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  AppError,
  assertMediaUrl,
  createGreenApiClient,
  DEFAULT_MEDIA_HOSTS,
  type FetchLike,
  type GreenApiClientOptions,
  MAX_MEDIA_REDIRECTS,
  silentLogger,
} from '@max/core';
import { type GreenApiStandIn, startGreenApiStandIn } from '@max/sandbox';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { caught } from './helpers.ts';

const ID = '1101000001';

/** A local server that counts what reaches it and answers with `handler`. */
async function countingServer(
  handler: (path: string) => { status: number; headers?: Record<string, string>; body?: string },
) {
  let hits = 0;
  const srv: Server = createServer((req, res) => {
    hits++;
    const a = handler(req.url ?? '/');
    res.writeHead(a.status, a.headers ?? {});
    res.end(a.body ?? '');
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${(srv.address() as AddressInfo).port}`;
  return {
    origin,
    hits: () => hits,
    stop: () => new Promise((r) => srv.close(r)),
  };
}

let green: GreenApiStandIn;
let forbidden: Awaited<ReturnType<typeof countingServer>>;
let redirector: Awaited<ReturnType<typeof countingServer>>;
let redirectTo = '';
beforeAll(async () => {
  green = await startGreenApiStandIn({ port: 0 });
  forbidden = await countingServer(() => ({
    status: 200,
    headers: { 'content-type': 'audio/ogg' },
    body: 'secret',
  }));
  redirector = await countingServer(() => ({ status: 302, headers: { location: redirectTo } }));
});
afterAll(async () => {
  await green.stop();
  await forbidden.stop();
  await redirector.stop();
});
beforeEach(() => green.reset());

function client(over: Partial<GreenApiClientOptions> = {}) {
  const requested: string[] = [];
  const spy: FetchLike = (input, init) => {
    requested.push(String(input));
    return fetch(input, init);
  };
  const c = createGreenApiClient({
    apiUrl: green.url,
    idInstance: ID,
    apiToken: green.tokenFor(ID),
    fetch: spy,
    clock: { now: () => new Date(), sleep: async () => {} },
    logger: silentLogger,
    timeoutMs: 2000,
    ...over,
  });
  return { c, requested };
}

describe('media is downloaded only over https from the Green-API media hosts', () => {
  it('a voice note URL pointing at 127.0.0.1 is refused by default: nothing is fetched', async () => {
    const { c, requested } = client();
    const e = await caught(c.downloadFile(`${forbidden.origin}/voice.ogg`));
    expect(e.code).toBe('forbidden');
    expect(e.details).toMatchObject({ kind: 'media_url' });
    expect(requested).toEqual([]);
    expect(forbidden.hits()).toBe(0);
  });

  it('an allowed local origin does not open any other port on 127.0.0.1', async () => {
    const { c, requested } = client({ mediaHosts: [green.url] });
    const file = green.putFile(new Uint8Array([1, 2, 3]), 'audio/ogg');
    expect(new Uint8Array(await c.downloadFile(file))).toEqual(new Uint8Array([1, 2, 3]));
    expect((await caught(c.downloadFile(`${forbidden.origin}/voice.ogg`))).code).toBe('forbidden');
    expect(requested).toEqual([file]);
    expect(forbidden.hits()).toBe(0);
  });

  it('http, IP literals, other ports, credentials and look-alike hosts are refused before any request', async () => {
    const { c, requested } = client();
    for (const url of [
      'http://sw-media-1101.storage.yandexcloud.net/1101000001/a.ogg', // not https
      'https://127.0.0.1/a.ogg',
      'https://10.0.0.7/a.ogg',
      'https://169.254.169.254/latest/meta-data',
      'https://[::1]/a.ogg',
      'https://1101.api.green-api.com:8443/download/a.ogg', // another port
      'https://user:pw@1101.api.green-api.com/download/a.ogg',
      'https://evil.example.com/a.ogg',
      'https://green-api.com.evil.net/a.ogg',
      'https://evilgreen-api.com/a.ogg',
      'https://bucket.storage.yandexcloud.net/a.ogg', // someone else's bucket
      'https://localhost/a.ogg',
    ]) {
      expect((await caught(c.downloadFile(url))).code, url).toBe('forbidden');
    }
    expect((await caught(c.downloadFile('file:///etc/passwd'))).code).toBe('validation');
    expect(requested).toEqual([]);
  });

  it('the documented Green-API media hosts are allowed', () => {
    for (const url of [
      'https://sw-media-1101.storage.yandexcloud.net/1101000001/15697d2c.jpg',
      'https://sw-media.storage.yandexcloud.net/1101000000/dcf81410.jpg',
      'https://sw-media-out.storage.yandexcloud.net/1101123456/95917013.jpg',
      'https://4100.api.green-api.com/download/4100/a6679d42.png',
      'https://media.green-api.com/x.ogg',
      'https://sw-media.storage.greenapi.net/1/a.jpg',
    ])
      expect(assertMediaUrl(url, DEFAULT_MEDIA_HOSTS).href).toBe(url);
  });

  it('a redirect from an allowed host to a forbidden one is refused: the forbidden server gets nothing', async () => {
    redirectTo = `${forbidden.origin}/secret`;
    const { c } = client({ mediaHosts: [redirector.origin] });
    const before = redirector.hits();
    const e = await caught(c.downloadFile(`${redirector.origin}/voice.ogg`));
    expect(e.code).toBe('forbidden');
    expect(redirector.hits()).toBe(before + 1);
    expect(forbidden.hits()).toBe(0);
  });

  it('a redirect to an allowed place is followed, still under the size cap; loops are bounded', async () => {
    const file = green.putFile(new Uint8Array(32), 'audio/ogg');
    redirectTo = file;
    const { c } = client({ mediaHosts: [redirector.origin, green.url], maxDownloadBytes: 64 });
    expect((await c.downloadFile(`${redirector.origin}/voice.ogg`)).byteLength).toBe(32);
    const small = client({ mediaHosts: [redirector.origin, green.url], maxDownloadBytes: 16 });
    expect((await caught(small.c.downloadFile(`${redirector.origin}/voice.ogg`))).code).toBe(
      'payload_too_large',
    );

    redirectTo = `${redirector.origin}/again`;
    const before = redirector.hits();
    const e = await caught(c.downloadFile(`${redirector.origin}/voice.ogg`));
    expect(e.code).toBe('upstream');
    expect(redirector.hits() - before).toBe(MAX_MEDIA_REDIRECTS + 1);
  });

  it('a malformed allow-list entry is refused when the client is built', () => {
    for (const bad of ['ftp://files.example.com', 'not a host', 'https://', '*']) {
      expect(() => client({ mediaHosts: [bad] }), bad).toThrow(AppError);
    }
  });
});
