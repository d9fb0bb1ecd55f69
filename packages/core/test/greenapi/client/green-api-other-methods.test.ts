import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppError, type GreenApiClientOptions } from '@max/core';
import { type GreenApiStandIn, startGreenApiStandIn } from '@max/sandbox';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CHAT, caught, ID, standInClient } from './helpers.ts';

let green: GreenApiStandIn;
beforeAll(async () => {
  green = await startGreenApiStandIn({ port: 0 });
});
afterAll(() => green.stop());
beforeEach(() => green.reset());

const client = (over: Partial<GreenApiClientOptions> = {}) => standInClient(green, over);

describe('other methods', () => {
  it('getStateInstance reads the instance state', async () => {
    const { c } = client();
    expect(await c.getStateInstance()).toEqual({ stateInstance: 'authorized' });
    green.setState(ID, 'yellowCard');
    expect(await c.getStateInstance()).toEqual({ stateInstance: 'yellowCard' });
  });

  it('lastIncomingMessages parses the documented shape and skips malformed items', async () => {
    const { c, logger } = client();
    green.addIncoming(ID, { chatId: CHAT, idMessage: 'A1', textMessage: 'bonjour', senderName: 'Rija' });
    green.addIncoming(ID, {
      chatId: CHAT,
      idMessage: 'A2',
      typeMessage: 'imageMessage',
      downloadUrl: `${green.url}/sandbox/files/x`,
      caption: 'facture',
      mimeType: 'image/jpeg',
      jpegThumbnail: 'AAAA',
    });
    green.addIncoming(ID, {
      chatId: CHAT,
      idMessage: 'A3',
      typeMessage: 'extendedTextMessage',
      extendedTextMessage: { text: 'voir https://example.com', title: null as unknown as string },
    });
    green.addIncoming(ID, { chatId: CHAT, idMessage: '' }); // malformed: empty id
    green.addIncoming(ID, {
      chatId: CHAT,
      idMessage: 'OLD',
      timestamp: Math.floor(Date.now() / 1000) - 7200,
    });
    green.addIncoming('1101000002', { chatId: CHAT, idMessage: 'OTHER' });
    const items = await c.lastIncomingMessages(60);
    expect(items.map((i) => i.idMessage)).toEqual(['A3', 'A2', 'A1']);
    expect(items.find((i) => i.idMessage === 'A1')).toMatchObject({
      type: 'incoming',
      typeMessage: 'textMessage',
      chatId: CHAT,
      senderId: CHAT,
      senderName: 'Rija',
      textMessage: 'bonjour',
    });
    expect(items.find((i) => i.idMessage === 'A2')).toMatchObject({
      caption: 'facture',
      mimeType: 'image/jpeg',
    });
    expect(items.find((i) => i.idMessage === 'A3')?.extendedTextMessage).toMatchObject({
      text: 'voir https://example.com',
    });
    expect(logger.lines.find((l) => l.event === 'greenapi.call')).toMatchObject({
      method: 'lastIncomingMessages',
      count: 3,
      skipped: 1,
    });
    expect((await c.lastIncomingMessages(180)).map((i) => i.idMessage)).toContain('OLD');
    expect((await caught(c.lastIncomingMessages(0))).code).toBe('validation');
  });

  it('downloadFile returns the bytes behind a media URL', async () => {
    const { c } = client({ mediaHosts: [green.url] });
    const bytes = new Uint8Array([0x4f, 0x67, 0x67, 0x53, 1, 2, 3, 255]);
    const url = green.putFile(bytes, 'audio/ogg');
    expect(new Uint8Array(await c.downloadFile(url))).toEqual(bytes);
  });

  it('downloadFile refuses files over the cap, non-http URLs and missing files', async () => {
    const { c } = client({ maxDownloadBytes: 16, mediaHosts: [green.url] });
    const url = green.putFile(new Uint8Array(17), 'audio/ogg');
    const big = await caught(c.downloadFile(url));
    expect(big.code).toBe('payload_too_large');
    expect(big.retryable).toBe(false);
    expect(new Uint8Array(await c.downloadFile(green.putFile(new Uint8Array(16), 'audio/ogg')))).toHaveLength(
      16,
    );
    expect((await caught(c.downloadFile('file:///etc/passwd'))).code).toBe('validation');
    expect((await caught(c.downloadFile(`${green.url}/sandbox/files/nope`))).code).toBe('not_found');
  });

  it('downloadFile stops reading a body without content-length once it passes the cap', async () => {
    let served = 0;
    const srv = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'audio/ogg' }); // chunked: no content-length
      const chunk = Buffer.alloc(64 * 1024);
      const timer = setInterval(() => {
        served += chunk.length;
        res.write(chunk);
        if (served > 4 * 1024 * 1024) {
          clearInterval(timer);
          res.end();
        }
      }, 1);
      res.on('close', () => clearInterval(timer));
    });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    try {
      const origin = `http://127.0.0.1:${(srv.address() as AddressInfo).port}`;
      const { c } = client({ maxDownloadBytes: 100_000, mediaHosts: [origin] });
      const e = await caught(c.downloadFile(`${origin}/f`));
      expect(e.code).toBe('payload_too_large');
    } finally {
      srv.closeAllConnections();
      await new Promise((r) => srv.close(r));
    }
  });

  it('getDownloadUrl asks Green-API for the URL of a media message', async () => {
    const { c } = client();
    const url = green.putFile(new Uint8Array([1]), 'image/png');
    green.addIncoming(ID, { chatId: CHAT, idMessage: 'IMG1', typeMessage: 'imageMessage', downloadUrl: url });
    expect(await c.getDownloadUrl({ chatId: CHAT, idMessage: 'IMG1' })).toEqual({ downloadUrl: url });
    expect((await caught(c.getDownloadUrl({ chatId: CHAT, idMessage: 'NOPE' }))).code).toBe('not_found');
  });

  it('setSettings sends validated settings', async () => {
    const { c } = client();
    const res = await c.setSettings({
      webhookUrl: 'https://max.example.com/webhooks/greenapi',
      webhookUrlToken: 'tok',
      incomingWebhook: 'yes',
      delaySendMessagesMilliseconds: 1000,
    });
    expect(res).toEqual({ saveSettings: true });
    expect(green.settings(ID)).toMatchObject({ incomingWebhook: 'yes', delaySendMessagesMilliseconds: 1000 });
    const e = await caught(c.setSettings({ delaySendMessagesMilliseconds: 100 }));
    expect(e.code).toBe('validation');
  });

  it('rejects a 200 with an unexpected body without retrying it', async () => {
    let calls = 0;
    const { c } = client({
      fetch: async () => {
        calls++;
        return new Response(JSON.stringify({ nope: true }), { status: 200 });
      },
    });
    const e = await caught(c.sendMessage({ chatId: CHAT, message: 'x' }));
    expect(e.code).toBe('upstream');
    expect(e.retryable).toBe(false);
    expect(calls).toBe(1);
  });

  it('refuses bad construction options', () => {
    expect(() => client({ idInstance: 'abc' })).toThrow(AppError);
    expect(() => client({ apiToken: '' })).toThrow(AppError);
  });
});
