import { classifyWebhook, normalizeWebhook, parseWebhook } from '@max/core';
import {
  incomingDocument,
  incomingExtendedText,
  incomingImage,
  incomingLocation,
  incomingReaction,
  incomingReply,
  incomingText,
  incomingVoice,
  messageStatus,
  outgoingApi,
  outgoingFromPhone,
  stateChanged,
} from '@max/sandbox';
import { describe, expect, it } from 'vitest';

const ID = '1101000001';
const CHAT = '33698765432@c.us';
const URL_ = 'http://127.0.0.1:1/sandbox/files/abc';

/** Every builder's output must pass MAX's own webhook validation. */
function parsed(payload: unknown) {
  const p = parseWebhook(JSON.parse(JSON.stringify(payload)));
  if (!p.ok) throw new Error(`rejected: ${JSON.stringify(p)}`);
  return p.webhook;
}

describe('Green-API webhook builders', () => {
  it('incomingText has the documented envelope', () => {
    const w = incomingText({
      idInstance: ID,
      chatId: CHAT,
      text: 'Salut MAX',
      senderName: 'Rija',
      timestamp: 1703014480,
    });
    expect(w).toMatchObject({
      typeWebhook: 'incomingMessageReceived',
      instanceData: { idInstance: 1101000001, wid: `${ID}@c.us`, typeInstance: 'whatsapp' },
      timestamp: 1703014480,
      senderData: {
        chatId: CHAT,
        chatName: 'Rija',
        sender: CHAT,
        senderName: 'Rija',
        senderContactName: 'Rija',
      },
      messageData: { typeMessage: 'textMessage', textMessageData: { textMessage: 'Salut MAX' } },
    });
    expect(typeof w.instanceData.idInstance).toBe('number');
    expect(w.idMessage).toMatch(/^3EB0[0-9A-F]{18}$/);
    const n = normalizeWebhook(parsed(w) as Parameters<typeof normalizeWebhook>[0]);
    expect(n).toMatchObject({
      idInstance: ID,
      kind: 'text',
      text: 'Salut MAX',
      chatId: CHAT,
      quotedMessageId: null,
    });
  });

  it('gives each message a new id unless one is given', () => {
    const ids = new Set(
      Array.from({ length: 100 }, () => incomingText({ idInstance: ID, chatId: CHAT, text: 'x' }).idMessage),
    );
    expect(ids.size).toBe(100);
    expect(incomingText({ idInstance: ID, chatId: CHAT, text: 'x', idMessage: 'MINE' }).idMessage).toBe(
      'MINE',
    );
  });

  it('voice, image and document carry fileMessageData', () => {
    const v = incomingVoice({
      idInstance: ID,
      chatId: CHAT,
      downloadUrl: URL_,
      mimeType: 'audio/ogg; codecs=opus',
    });
    expect(v.messageData).toMatchObject({
      typeMessage: 'audioMessage',
      fileMessageData: { downloadUrl: URL_, mimeType: 'audio/ogg; codecs=opus' },
    });
    expect(normalizeWebhook(parsed(v) as Parameters<typeof normalizeWebhook>[0])).toMatchObject({
      kind: 'voice',
      file: { downloadUrl: URL_, mimeType: 'audio/ogg; codecs=opus' },
    });
    const i = incomingImage({ idInstance: ID, chatId: CHAT, downloadUrl: URL_, caption: 'la facture' });
    expect(normalizeWebhook(parsed(i) as Parameters<typeof normalizeWebhook>[0])).toMatchObject({
      kind: 'media',
      text: 'la facture',
      file: { mimeType: 'image/jpeg', caption: 'la facture' },
    });
    expect(parsed(incomingDocument({ idInstance: ID, chatId: CHAT, downloadUrl: URL_ })).typeWebhook).toBe(
      'incomingMessageReceived',
    );
  });

  it('replies in both forms carry the quoted id', () => {
    const older = incomingReply({ idInstance: ID, chatId: CHAT, text: 'oui', stanzaId: 'ORIG1' });
    expect(normalizeWebhook(parsed(older) as Parameters<typeof normalizeWebhook>[0])).toMatchObject({
      kind: 'text',
      text: 'oui',
      quotedMessageId: 'ORIG1',
    });
    const newer = incomingText({ idInstance: ID, chatId: CHAT, text: 'oui', quoted: { stanzaId: 'ORIG2' } });
    expect(normalizeWebhook(parsed(newer) as Parameters<typeof normalizeWebhook>[0]).quotedMessageId).toBe(
      'ORIG2',
    );
  });

  it('extended text, location and reaction parse', () => {
    expect(
      normalizeWebhook(
        parsed(incomingExtendedText({ idInstance: ID, chatId: CHAT, text: 'https://x.fr' })) as Parameters<
          typeof normalizeWebhook
        >[0],
      ).text,
    ).toBe('https://x.fr');
    expect(
      normalizeWebhook(
        parsed(
          incomingLocation({ idInstance: ID, chatId: CHAT, latitude: 48.85, longitude: 2.35 }),
        ) as Parameters<typeof normalizeWebhook>[0],
      ).kind,
    ).toBe('location');
    expect(
      normalizeWebhook(
        parsed(incomingReaction({ idInstance: ID, chatId: CHAT, emoji: '👍', stanzaId: 'S' })) as Parameters<
          typeof normalizeWebhook
        >[0],
      ).kind,
    ).toBe('reaction');
  });

  it('outgoing messages are written by the instance and classified apart', () => {
    const phone = outgoingFromPhone({ idInstance: ID, chatId: CHAT, text: 'je prends la main' });
    expect(phone.typeWebhook).toBe('outgoingMessageReceived');
    expect(phone.senderData.sender).toBe(`${ID}@c.us`);
    expect(classifyWebhook(parsed(phone))).toEqual({ action: 'human_active' });
    const api = outgoingApi({ idInstance: ID, chatId: CHAT, text: 'réponse de MAX' });
    expect(api.typeWebhook).toBe('outgoingAPIMessageReceived');
    expect(classifyWebhook(parsed(api))).toEqual({ action: 'ignored', reason: 'own_message' });
  });

  it('stateChanged and messageStatus, positional or object form', () => {
    expect(stateChanged(ID, 'blocked')).toMatchObject({
      typeWebhook: 'stateInstanceChanged',
      instanceData: { idInstance: 1101000001 },
      stateInstance: 'blocked',
    });
    expect(stateChanged({ idInstance: ID, stateInstance: 'yellowCard' }).stateInstance).toBe('yellowCard');
    expect(parsed(stateChanged(ID)).typeWebhook).toBe('stateInstanceChanged');
    const s = messageStatus(ID, 'BAE5000000000001', 'read');
    expect(s).toMatchObject({
      typeWebhook: 'outgoingMessageStatus',
      idMessage: 'BAE5000000000001',
      status: 'read',
      sendByApi: true,
    });
    expect(messageStatus({ idInstance: ID, idMessage: 'X', status: 'failed', chatId: CHAT })).toMatchObject({
      chatId: CHAT,
      status: 'failed',
    });
    expect(parsed(s).typeWebhook).toBe('outgoingMessageStatus');
  });
});
