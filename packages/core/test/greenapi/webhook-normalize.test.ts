import {
  classifyWebhook,
  type InboundMessage,
  type IncomingMessageWebhook,
  normalizeWebhook,
  parseWebhook,
} from '@max/core';
import { describe, expect, it } from 'vitest';
import { CHAT, message, messageData, otherWebhooks } from './fixtures.ts';

const incoming = (data: Record<string, unknown>, typeWebhook = 'incomingMessageReceived') => {
  const r = parseWebhook(message(typeWebhook, data));
  if (!r.ok) throw new Error(`fixture did not parse: ${JSON.stringify(r)}`);
  return r.webhook as IncomingMessageWebhook;
};
const norm = (data: Record<string, unknown>): InboundMessage => normalizeWebhook(incoming(data));

describe('normalizeWebhook', () => {
  it('text message: the text, ids, chat and sender', () => {
    expect(norm(messageData.textMessage)).toEqual({
      idInstance: '1101000001',
      idMessage: 'MSG-1',
      timestamp: 1703014480,
      chatId: CHAT,
      sender: CHAT,
      senderName: 'Rija',
      kind: 'text',
      typeMessage: 'textMessage',
      text: 'Salut MAX',
      file: null,
      quotedMessageId: null,
    });
  });

  it('extended text is text', () => {
    expect(norm(messageData.extendedTextMessage)).toMatchObject({
      kind: 'text',
      text: 'voir https://example.fr',
    });
  });

  it('replies, both forms: the text and the quoted message id', () => {
    expect(norm(messageData.quotedMessageOld)).toMatchObject({
      kind: 'text',
      text: 'oui',
      quotedMessageId: 'QUOTED-1',
    });
    expect(norm(messageData.textWithQuote)).toMatchObject({
      kind: 'text',
      text: 'oui',
      quotedMessageId: 'QUOTED-2',
    });
  });

  it('media: kind media, the caption as text, the file', () => {
    const m = norm(messageData.imageMessage);
    expect(m.kind).toBe('media');
    expect(m.text).toBe('carte de visite de Jean');
    expect(m.file).toEqual({
      downloadUrl: 'https://do-media-7103.fra1.digitaloceanspaces.com/7103/imageMessage.bin',
      mimeType: 'image/jpeg',
      fileName: 'imageMessage.bin',
      caption: 'carte de visite de Jean',
    });
    expect(norm(messageData.videoMessage)).toMatchObject({ kind: 'media', text: null });
    expect(norm(messageData.documentMessage)).toMatchObject({ kind: 'media', text: null });
  });

  it('a voice note (audioMessage) is kind voice with its mime type', () => {
    expect(norm(messageData.audioMessage)).toMatchObject({
      kind: 'voice',
      text: null,
      file: { mimeType: 'audio/ogg; codecs=opus' },
    });
  });

  it.each([
    ['locationMessage', 'location'],
    ['contactMessage', 'contact'],
    ['contactsArrayMessage', 'contact'],
    ['reactionMessage', 'reaction'],
    ['stickerMessage', 'other'],
    ['pollMessage', 'other'],
    ['editedMessage', 'other'],
    ['deletedMessage', 'other'],
    ['buttonsResponseMessage', 'other'],
    ['listResponseMessage', 'other'],
  ] as const)('%s → kind %s, no text', (name, kind) => {
    const m = norm(messageData[name]);
    expect(m.kind).toBe(kind);
    expect(m.text).toBeNull();
    expect(m.typeMessage).toBe(name);
  });

  it('an unknown typeMessage → kind other, nothing read', () => {
    expect(norm({ typeMessage: 'groupInviteMessage', textMessageData: { textMessage: 'x' } })).toMatchObject({
      kind: 'other',
      typeMessage: 'groupInviteMessage',
      text: null,
      file: null,
    });
  });

  it('in a group the sender is the member, the chat is the group', () => {
    const w = incoming(messageData.textMessage);
    const group = {
      ...w,
      senderData: { chatId: '120363000000000000@g.us', sender: '33611111111@c.us', senderName: 'Ana' },
    };
    expect(normalizeWebhook(group)).toMatchObject({
      chatId: '120363000000000000@g.us',
      sender: '33611111111@c.us',
    });
  });
});

describe('classifyWebhook', () => {
  it('incoming → inbound, typed on the phone → human_active', () => {
    expect(classifyWebhook(incoming(messageData.textMessage))).toEqual({ action: 'inbound' });
    expect(classifyWebhook(incoming(messageData.textMessage, 'outgoingMessageReceived'))).toEqual({
      action: 'human_active',
    });
  });

  it("MAX's own API message is never answered", () => {
    expect(classifyWebhook(incoming(messageData.textMessage, 'outgoingAPIMessageReceived'))).toEqual({
      action: 'ignored',
      reason: 'own_message',
    });
  });

  it.each(Object.entries(otherWebhooks))('%s → ignored with a reason', (name, body) => {
    const r = parseWebhook(body);
    if (!r.ok) throw new Error('fixture did not parse');
    expect(classifyWebhook(r.webhook)).toEqual({ action: 'ignored', reason: name });
  });
});
