import { KNOWN_WEBHOOK_TYPES, parseWebhook, peekIdInstance } from '@max/core';
import { describe, expect, it } from 'vitest';
import { envelope, ID_INSTANCE, message, messageData, otherWebhooks } from './fixtures.ts';

describe('parseWebhook: every Green-API shape', () => {
  for (const [name, data] of Object.entries(messageData)) {
    it(`incomingMessageReceived / ${name} parses, idInstance as a digit string`, () => {
      const r = parseWebhook(message('incomingMessageReceived', data));
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.webhook.typeWebhook).toBe('incomingMessageReceived');
      expect(r.webhook.instanceData.idInstance).toBe(String(ID_INSTANCE));
    });
  }

  for (const type of ['outgoingMessageReceived', 'outgoingAPIMessageReceived']) {
    it(`${type} parses`, () => {
      const r = parseWebhook(message(type, messageData.textMessage));
      expect(r).toMatchObject({ ok: true, webhook: { typeWebhook: type } });
    });
  }

  for (const [name, body] of Object.entries(otherWebhooks)) {
    it(`${name} parses`, () => {
      expect(parseWebhook(body)).toMatchObject({ ok: true, webhook: { typeWebhook: name } });
    });
  }

  it('knows the seven documented webhook types', () => {
    expect([...KNOWN_WEBHOOK_TYPES].sort()).toEqual(
      [
        'deviceInfo',
        'incomingCall',
        'incomingMessageReceived',
        'outgoingAPIMessageReceived',
        'outgoingMessageReceived',
        'outgoingMessageStatus',
        'stateInstanceChanged',
      ].sort(),
    );
  });

  it('keeps fields it does not read (Green-API adds fields over time)', () => {
    const r = parseWebhook({ ...message('incomingMessageReceived', messageData.textMessage), newField: 1 });
    expect(r.ok && (r.webhook as Record<string, unknown>).newField).toBe(1);
  });

  it('accepts idInstance sent as a digit string too', () => {
    const body = { ...otherWebhooks.stateInstanceChanged, instanceData: { idInstance: '1101000002' } };
    expect(parseWebhook(body)).toMatchObject({
      ok: true,
      webhook: { instanceData: { idInstance: '1101000002' } },
    });
  });
});

describe('parseWebhook: unknown and invalid', () => {
  it('an unknown typeWebhook is recognised as unknown, not an error', () => {
    expect(parseWebhook(envelope('quotaExceeded', { x: 1 }))).toEqual({
      ok: false,
      kind: 'unknown_type',
      typeWebhook: 'quotaExceeded',
    });
  });

  it('an unknown typeMessage of a known webhook is accepted as is (a 400 would stall the instance)', () => {
    const r = parseWebhook(
      message('incomingMessageReceived', { typeMessage: 'groupInviteMessage', x: { y: 1 } }),
    );
    expect(r).toMatchObject({
      ok: true,
      webhook: { messageData: { typeMessage: 'groupInviteMessage', x: { y: 1 } } },
    });
  });

  it('names the field path of a malformed known type', () => {
    const r = parseWebhook(
      message('incomingMessageReceived', { typeMessage: 'textMessage', textMessageData: {} }),
    );
    expect(r.ok).toBe(false);
    if (r.ok || r.kind !== 'invalid') throw new Error('expected invalid');
    expect(r.issues[0]!.path).toBe('messageData.textMessageData.textMessage');
    expect(r.issues[0]!.message.length).toBeGreaterThan(0);
  });

  it.each([
    ['senderData.chatId', { ...message('incomingMessageReceived', messageData.textMessage), senderData: {} }],
    ['idMessage', { ...message('incomingMessageReceived', messageData.textMessage), idMessage: '' }],
    ['instanceData.idInstance', { ...otherWebhooks.deviceInfo, instanceData: { idInstance: -1 } }],
    ['instanceData.idInstance', { ...otherWebhooks.deviceInfo, instanceData: { idInstance: '12a' } }],
    ['timestamp', { ...otherWebhooks.deviceInfo, timestamp: 'yesterday' }],
    ['stateInstance', envelope('stateInstanceChanged')],
    [
      'messageData.fileMessageData.downloadUrl',
      message('incomingMessageReceived', {
        typeMessage: 'imageMessage',
        fileMessageData: { downloadUrl: 'nope' },
      }),
    ],
    [
      'messageData.locationMessageData.latitude',
      message('incomingMessageReceived', {
        typeMessage: 'locationMessage',
        locationMessageData: { latitude: 'north', longitude: 2 },
      }),
    ],
    [
      'messageData.typeMessage',
      message('incomingMessageReceived', { textMessageData: { textMessage: 'x' } }),
    ],
    [
      'messageData.textMessageData.textMessage',
      message('incomingMessageReceived', {
        typeMessage: 'textMessage',
        textMessageData: { textMessage: 'x'.repeat(65_537) },
      }),
    ],
  ])('invalid: %s', (path, body) => {
    const r = parseWebhook(body);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.kind === 'invalid' && r.issues.map((i) => i.path)).toContain(path);
  });

  it.each([null, 42, 'x', [], {}, { typeWebhook: '' }, { typeWebhook: 7 }])(
    'no typeWebhook (%j) is invalid',
    (body) => {
      expect(parseWebhook(body)).toEqual({
        ok: false,
        kind: 'invalid',
        issues: [{ path: 'typeWebhook', message: 'required string' }],
      });
    },
  );
});

describe('peekIdInstance (read before auth, nothing else)', () => {
  it.each([
    [{ instanceData: { idInstance: 1101000001 } }, '1101000001'],
    [{ instanceData: { idInstance: '1101000001' } }, '1101000001'],
    [{ instanceData: { idInstance: 1.5 } }, null],
    [{ instanceData: { idInstance: -3 } }, null],
    [{ instanceData: { idInstance: '11 01' } }, null],
    [{ instanceData: {} }, null],
    [{}, null],
    [null, null],
  ])('%j → %s', (body, expected) => {
    expect(peekIdInstance(body)).toBe(expected);
  });
});
