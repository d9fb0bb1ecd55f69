import type { InboundKind, InboundMessage } from '../inbound.ts';
import {
  type IncomingMessageWebhook,
  isKnownMessageData,
  type KnownMessageData,
  type OutgoingMessageWebhook,
} from './schemas.ts';

type MessageWebhook = IncomingMessageWebhook | OutgoingMessageWebhook;

/** Green-API's many message shapes → the one the agent reads. */
export function normalizeWebhook(w: MessageWebhook): InboundMessage {
  const raw = w.messageData;
  // Unknown types normalise to kind 'other' with nothing read from them.
  const d: KnownMessageData | { typeMessage: 'unknown'; quotedMessage?: undefined } = isKnownMessageData(raw)
    ? raw
    : { typeMessage: 'unknown' };
  let kind: InboundKind = 'other';
  let text: string | null = null;
  let file: InboundMessage['file'] = null;
  switch (d.typeMessage) {
    case 'textMessage':
      kind = 'text';
      text = d.textMessageData.textMessage;
      break;
    case 'extendedTextMessage':
    case 'quotedMessage':
      kind = 'text';
      text = d.extendedTextMessageData.text;
      break;
    case 'audioMessage':
    case 'imageMessage':
    case 'videoMessage':
    case 'documentMessage': {
      kind = d.typeMessage === 'audioMessage' ? 'voice' : 'media';
      const f = d.fileMessageData;
      file = {
        downloadUrl: f.downloadUrl,
        mimeType: f.mimeType ?? null,
        fileName: f.fileName ?? null,
        caption: f.caption ?? null,
      };
      text = f.caption?.trim() ? f.caption : null;
      break;
    }
    case 'locationMessage':
      kind = 'location';
      break;
    case 'contactMessage':
    case 'contactsArrayMessage':
      kind = 'contact';
      break;
    case 'reactionMessage':
      kind = 'reaction';
      break;
    default:
      kind = 'other';
  }
  const quoted =
    d.quotedMessage?.stanzaId ??
    (d.typeMessage === 'quotedMessage' ? (d.extendedTextMessageData.stanzaId ?? null) : null);
  return {
    idInstance: w.instanceData.idInstance,
    idMessage: w.idMessage,
    timestamp: w.timestamp,
    chatId: w.senderData.chatId,
    sender: w.senderData.sender ?? w.senderData.chatId,
    senderName: w.senderData.senderName ?? null,
    kind,
    typeMessage: raw.typeMessage,
    text,
    file,
    quotedMessageId: quoted ?? null,
  };
}

export type WebhookClass =
  | { action: 'inbound' }
  | { action: 'human_active' }
  | { action: 'ignored'; reason: string };

/** What MAX does with a validated webhook. */
export function classifyWebhook(w: { typeWebhook: string; senderData?: { chatId: string } }): WebhookClass {
  switch (w.typeWebhook) {
    case 'incomingMessageReceived':
      return { action: 'inbound' };
    case 'outgoingMessageReceived':
      // Typed on the business phone: a human is answering this chat.
      return { action: 'human_active' };
    case 'outgoingAPIMessageReceived':
      return { action: 'ignored', reason: 'own_message' };
    default:
      return { action: 'ignored', reason: w.typeWebhook };
  }
}
