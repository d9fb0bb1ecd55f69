import { env, SELF } from 'cloudflare:test';
import { deriveWebhookToken } from '@max/core/greenapi/webhook';
import { describe, expect, it } from 'vitest';
import type { Bindings } from '../src/env.ts';
import { envelope, INSTANCE, message, post, SECRET, text } from './helpers.ts';

describe('auth: the instance token', () => {
  it('accepts "Bearer <token>" and the bare token', async () => {
    const token = await deriveWebhookToken(SECRET, String(INSTANCE));
    const a = await post(text('bonjour'));
    const b = await post(text('bonjour'), { auth: token });
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(a.sent).toHaveLength(1);
    expect(b.sent).toHaveLength(1);
  });

  it('refuses a missing, wrong or other-instance token with 401 and queues nothing', async () => {
    const other = await deriveWebhookToken(SECRET, '1101000002');
    for (const auth of [null, 'Bearer nope', `Bearer ${other}`, other, 'Bearer ']) {
      const r = await post(text('bonjour'), { auth });
      expect(r.status).toBe(401);
      expect(r.sent).toHaveLength(0);
      expect(r.json).toEqual({
        error: { code: 'unauthorized', message: 'Missing or invalid webhook token' },
      });
    }
  });

  it('checks the token before validating, so a stranger learns nothing about the payload', async () => {
    const r = await post(
      { ...text('x'), messageData: { typeMessage: 'textMessage' } },
      { auth: 'Bearer wrong' },
    );
    expect(r.status).toBe(401);
  });
});

describe('every Green-API webhook shape', () => {
  const file = (typeMessage: string, mimeType: string) => ({
    typeMessage,
    fileMessageData: {
      downloadUrl: 'https://api.green-api.com/file.bin',
      caption: '',
      fileName: 'f',
      jpegThumbnail: '',
      mimeType,
      isForwarded: false,
      forwardingScore: 0,
    },
  });
  const inbound: Array<[string, Record<string, unknown>]> = [
    ['textMessage', { typeMessage: 'textMessage', textMessageData: { textMessage: 'Salut MAX' } }],
    [
      'extendedTextMessage',
      {
        typeMessage: 'extendedTextMessage',
        extendedTextMessageData: {
          text: 'voir https://x.fr',
          description: '',
          title: '',
          previewType: 'None',
          jpegThumbnail: '',
          forwardingScore: 0,
          isForwarded: false,
        },
      },
    ],
    [
      'quotedMessage (old form)',
      {
        typeMessage: 'quotedMessage',
        extendedTextMessageData: { text: 'oui', stanzaId: 'ABC', participant: '33600000000@c.us' },
        quotedMessage: {
          stanzaId: 'ABC',
          participant: '33600000000@c.us',
          typeMessage: 'textMessage',
          textMessage: 'ok ?',
        },
      },
    ],
    [
      'textMessage with quotedMessage',
      {
        typeMessage: 'textMessage',
        textMessageData: { textMessage: 'oui' },
        quotedMessage: { stanzaId: 'ABC', participant: '33600000000@c.us', typeMessage: 'textMessage' },
      },
    ],
    ['imageMessage', file('imageMessage', 'image/jpeg')],
    ['videoMessage', file('videoMessage', 'video/mp4')],
    ['documentMessage', file('documentMessage', 'application/pdf')],
    ['audioMessage (voice)', file('audioMessage', 'audio/ogg; codecs=opus')],
    [
      'locationMessage',
      {
        typeMessage: 'locationMessage',
        locationMessageData: {
          nameLocation: 'Paris',
          address: 'Rue',
          latitude: 48.85,
          longitude: 2.35,
          jpegThumbnail: '',
        },
      },
    ],
    [
      'contactMessage',
      {
        typeMessage: 'contactMessage',
        contactMessageData: { displayName: 'Jean', vcard: 'BEGIN:VCARD\nEND:VCARD' },
      },
    ],
    ['contactsArrayMessage', { typeMessage: 'contactsArrayMessage', messageData: { contacts: [] } }],
    [
      'reactionMessage',
      {
        typeMessage: 'reactionMessage',
        extendedTextMessageData: { text: '👍' },
        quotedMessage: { stanzaId: 'ABC' },
      },
    ],
    [
      'stickerMessage',
      {
        typeMessage: 'stickerMessage',
        fileMessageData: { downloadUrl: 'https://x/s.webp', mimeType: 'image/webp' },
      },
    ],
    ['pollMessage', { typeMessage: 'pollMessage', pollMessageData: { name: 'Q', options: [] } }],
    ['editedMessage', { typeMessage: 'editedMessage', editedMessageData: { textMessage: 'edited' } }],
    ['deletedMessage', { typeMessage: 'deletedMessage', deletedMessageData: { stanzaId: 'ABC' } }],
    [
      'buttonsResponseMessage',
      { typeMessage: 'buttonsResponseMessage', buttonsResponseMessage: { stanzaId: 'x' } },
    ],
  ];
  for (const [name, data] of inbound) {
    it(`incomingMessageReceived / ${name} → queued as inbound`, async () => {
      const r = await post(message('incomingMessageReceived', data));
      expect(r.status).toBe(200);
      expect(r.sent).toHaveLength(1);
      expect(r.sent[0]).toMatchObject({
        v: 1,
        kind: 'inbound',
        event: { typeWebhook: 'incomingMessageReceived' },
      });
      expect(typeof r.sent[0]!.requestId).toBe('string');
    });
  }

  it('outgoingMessageReceived (a human typed on the phone) → queued as human_active', async () => {
    const r = await post(
      message('outgoingMessageReceived', {
        typeMessage: 'textMessage',
        textMessageData: { textMessage: 'je prends' },
      }),
    );
    expect(r.status).toBe(200);
    expect(r.sent[0]).toMatchObject({ kind: 'human_active' });
  });

  const ignored: Array<[string, unknown]> = [
    [
      'outgoingAPIMessageReceived',
      message('outgoingAPIMessageReceived', {
        typeMessage: 'textMessage',
        textMessageData: { textMessage: 'MAX said' },
      }),
    ],
    [
      'outgoingMessageStatus',
      envelope('outgoingMessageStatus', {
        idMessage: 'X1',
        status: 'delivered',
        chatId: '33600000000@c.us',
        sendByApi: true,
      }),
    ],
    ['stateInstanceChanged', envelope('stateInstanceChanged', { stateInstance: 'authorized' })],
    [
      'incomingCall',
      envelope('incomingCall', { idMessage: 'C1', from: '33600000000@c.us', status: 'offer' }),
    ],
    ['deviceInfo', envelope('deviceInfo', { deviceData: { platform: 'android' } })],
    ['an unknown future type', envelope('quotaExceeded', { whatever: true })],
  ];
  for (const [name, body] of ignored) {
    it(`${name} → 200 ignored, nothing queued`, async () => {
      const r = await post(body);
      expect(r.status).toBe(200);
      expect(typeof r.json.ignored).toBe('string');
      expect(r.sent).toHaveLength(0);
    });
  }
});

describe('bad input gets a clear 4xx, never a 500', () => {
  it('413 when Content-Length says the body is over 256 KB', async () => {
    const r = await post(null, { raw: 'x'.repeat(300 * 1024) });
    expect(r.status).toBe(413);
  });

  it('413 when the bytes read exceed 256 KB without a Content-Length', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
    const stream = new ReadableStream({
      start(c) {
        for (let i = 0; i < 5; i++) c.enqueue(chunk);
        c.close();
      },
    });
    const r = await post(null, { raw: stream });
    expect(r.status).toBe(413);
  });

  it('415 for a non-JSON content type', async () => {
    const r = await post(text('x'), { contentType: 'text/plain' });
    expect(r.status).toBe(415);
    expect(r.json).toMatchObject({ error: { code: 'unsupported_media_type' } });
  });

  it('400 with a reason for unparsable JSON or a non-object', async () => {
    const a = await post(null, { raw: '{"typeWebhook": ' });
    expect(a.status).toBe(400);
    expect(String((a.json.error as { message: string }).message)).toMatch(/not valid JSON/);
    expect((await post(null, { raw: '[1,2]' })).status).toBe(400);
  });

  it('400 naming the field for a malformed payload of a known type', async () => {
    const bad = message('incomingMessageReceived', { typeMessage: 'textMessage', textMessageData: {} });
    const r = await post(bad);
    expect(r.status).toBe(400);
    expect((r.json.error as { message: string }).message).toContain(
      'messageData.textMessageData.textMessage',
    );
    const noChat = { ...text('x'), senderData: {} };
    expect(((await post(noChat)).json.error as { message: string }).message).toContain('senderData.chatId');
  });

  it('JSON 404 and 405', async () => {
    const a = await SELF.fetch('http://worker.test/nope');
    expect(a.status).toBe(404);
    expect(await a.json()).toEqual({ error: { code: 'not_found', message: 'No such route' } });
    const b = await SELF.fetch('http://worker.test/webhooks/greenapi', { method: 'GET' });
    expect(b.status).toBe(405);
    expect(b.headers.get('allow')).toBe('POST');
  });

  it('fails closed with 503 when a secret is missing', async () => {
    const r = await post(text('x'), { env: { GREENAPI_WEBHOOK_SECRET: undefined } as Partial<Bindings> });
    expect(r.status).toBe(503);
    expect(r.sent).toHaveLength(0);
  });
});

describe('queueing and rate limits', () => {
  it('answers 503 when the enqueue fails, so Green-API sends it again', async () => {
    const failing = {
      send: async () => {
        throw new Error('queue down');
      },
    } as unknown as Queue;
    const r = await post(text('x'), { env: { INBOUND: failing } });
    expect(r.status).toBe(503);
  });

  it('no per-chat throttling at the edge: 23 messages of one chat are all queued as inbound, at once', async () => {
    const chat = `336${Math.floor(Math.random() * 1e8)
      .toString()
      .padStart(8, '0')}@c.us`;
    const results = [];
    for (let i = 0; i < 23; i++) results.push(await post(text(`m${i}`, chat)));
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(results.map((r) => r.sent[0]!.kind)).toEqual(Array(23).fill('inbound'));
    expect(results.map((r) => r.options[0])).toEqual(Array(23).fill({ contentType: 'json' }));
    expect(results.every((r) => r.json.ok === true && r.json.delayed === undefined)).toBe(true);
  });

  it('the queue message is versioned and carries the request id end to end', async () => {
    const r = await post(text('x', '33655554444@c.us'));
    expect(r.sent[0]).toMatchObject({ v: 1, kind: 'inbound', requestId: r.res.headers.get('x-request-id') });
    expect(Date.parse(String(r.sent[0]!.receivedAt))).not.toBeNaN();
  });

  it('health reports the agent', async () => {
    const res = await SELF.fetch('http://worker.test/api/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, agent: 'ok' });
    expect(env).toBeDefined();
  });
});
