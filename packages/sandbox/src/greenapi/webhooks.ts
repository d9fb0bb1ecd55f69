/**
 * Green-API webhook payloads in the documented shape (green-api.md): the envelope typeWebhook,
 * instanceData {idInstance as a number, wid, typeInstance}, timestamp in UNIX seconds, idMessage,
 * senderData and messageData. For tests, the demo and the simulator.
 */
import { randomBytes } from 'node:crypto';

export interface WebhookBase {
  idInstance: string | number;
  /** `<digits>@c.us` for a person, `<id>@g.us` for a group. */
  chatId: string;
  idMessage?: string;
  /** UNIX seconds; default now. */
  timestamp?: number;
  senderName?: string;
  /** In a group, the member who wrote; default chatId. */
  sender?: string;
  /** The instance's own WhatsApp id; default `<idInstance>@c.us`. */
  wid?: string;
  /** Marks the message as a reply (the newer form: any type may carry quotedMessage). */
  quoted?: { stanzaId: string; participant?: string; typeMessage?: string };
}

export interface FileFields {
  downloadUrl: string;
  mimeType?: string;
  caption?: string;
  fileName?: string;
}

const now = () => Math.floor(Date.now() / 1000);

/** WhatsApp-like message ids: 3EB0 + 18 hex digits, unique per call. */
export const newIdMessage = (): string => `3EB0${randomBytes(9).toString('hex').toUpperCase()}`;

const instanceData = (idInstance: string | number, wid?: string) => ({
  idInstance: Number(idInstance),
  wid: wid ?? `${idInstance}@c.us`,
  typeInstance: 'whatsapp',
});

const quotedField = (b: WebhookBase) =>
  b.quoted
    ? {
        quotedMessage: {
          stanzaId: b.quoted.stanzaId,
          participant: b.quoted.participant ?? b.chatId,
          typeMessage: b.quoted.typeMessage ?? 'textMessage',
        },
      }
    : {};

function envelope(
  typeWebhook: string,
  b: WebhookBase,
  messageData: Record<string, unknown>,
  fromInstance = false,
) {
  const wid = b.wid ?? `${b.idInstance}@c.us`;
  const name = b.senderName ?? (fromInstance ? 'MAX' : 'Client');
  return {
    typeWebhook,
    instanceData: instanceData(b.idInstance, wid),
    timestamp: b.timestamp ?? now(),
    idMessage: b.idMessage ?? newIdMessage(),
    senderData: {
      chatId: b.chatId,
      chatName: name,
      // A message sent by the instance is written by the instance's own number.
      sender: fromInstance ? wid : (b.sender ?? b.chatId),
      senderName: name,
      senderContactName: fromInstance ? '' : name,
    },
    messageData: { ...messageData, ...quotedField(b) },
  };
}

const textData = (text: string) => ({ typeMessage: 'textMessage', textMessageData: { textMessage: text } });

const fileData = (typeMessage: string, f: FileFields, defaults: { mimeType: string; fileName: string }) => ({
  typeMessage,
  fileMessageData: {
    downloadUrl: f.downloadUrl,
    caption: f.caption ?? '',
    fileName: f.fileName ?? defaults.fileName,
    jpegThumbnail: '',
    mimeType: f.mimeType ?? defaults.mimeType,
    isForwarded: false,
    forwardingScore: 0,
  },
});

export const incomingText = (b: WebhookBase & { text: string }) =>
  envelope('incomingMessageReceived', b, textData(b.text));

/** Text with a link preview. */
export const incomingExtendedText = (b: WebhookBase & { text: string }) =>
  envelope('incomingMessageReceived', b, {
    typeMessage: 'extendedTextMessage',
    extendedTextMessageData: {
      text: b.text,
      description: '',
      title: '',
      previewType: 'None',
      jpegThumbnail: '',
      forwardingScore: 0,
      isForwarded: false,
    },
  });

/** A reply in the older form: typeMessage quotedMessage with the quote in extendedTextMessageData. */
export const incomingReply = (b: WebhookBase & { text: string; stanzaId: string; participant?: string }) =>
  envelope('incomingMessageReceived', b, {
    typeMessage: 'quotedMessage',
    extendedTextMessageData: {
      text: b.text,
      stanzaId: b.stanzaId,
      participant: b.participant ?? b.chatId,
    },
    quotedMessage: {
      stanzaId: b.stanzaId,
      participant: b.participant ?? b.chatId,
      typeMessage: 'textMessage',
    },
  });

/** A voice note: audioMessage, Opus in Ogg by default (read mimeType, do not assume it). */
export const incomingVoice = (b: WebhookBase & FileFields) =>
  envelope(
    'incomingMessageReceived',
    b,
    fileData('audioMessage', b, { mimeType: 'audio/ogg; codecs=opus', fileName: 'voice.oga' }),
  );

export const incomingImage = (b: WebhookBase & FileFields) =>
  envelope(
    'incomingMessageReceived',
    b,
    fileData('imageMessage', b, { mimeType: 'image/jpeg', fileName: 'image.jpg' }),
  );

export const incomingDocument = (b: WebhookBase & FileFields) =>
  envelope(
    'incomingMessageReceived',
    b,
    fileData('documentMessage', b, { mimeType: 'application/pdf', fileName: 'document.pdf' }),
  );

export const incomingLocation = (
  b: WebhookBase & { latitude: number; longitude: number; nameLocation?: string; address?: string },
) =>
  envelope('incomingMessageReceived', b, {
    typeMessage: 'locationMessage',
    locationMessageData: {
      nameLocation: b.nameLocation ?? '',
      address: b.address ?? '',
      latitude: b.latitude,
      longitude: b.longitude,
      jpegThumbnail: '',
    },
  });

/** A reaction: the emoji in extendedTextMessageData.text, the target in quotedMessage. */
export const incomingReaction = (b: WebhookBase & { emoji: string; stanzaId: string }) =>
  envelope('incomingMessageReceived', b, {
    typeMessage: 'reactionMessage',
    extendedTextMessageData: { text: b.emoji },
    quotedMessage: { stanzaId: b.stanzaId, participant: b.chatId, typeMessage: 'textMessage' },
  });

/** Typed on the business phone by a human (outgoingMessageReceived): the bot should pause. */
export const outgoingFromPhone = (b: WebhookBase & { text: string }) =>
  envelope('outgoingMessageReceived', b, textData(b.text), true);

/** Sent through the API, i.e. by MAX itself (outgoingAPIMessageReceived): never answered. */
export const outgoingApi = (b: WebhookBase & { text: string }) =>
  envelope('outgoingAPIMessageReceived', b, textData(b.text), true);

export interface StateChangedInput {
  idInstance: string | number;
  stateInstance?: string;
  timestamp?: number;
  wid?: string;
}

/** stateInstanceChanged; `stateChanged(id, 'blocked')` or `stateChanged({ idInstance, stateInstance })`. */
export function stateChanged(input: StateChangedInput | string | number, stateInstance = 'authorized') {
  const i = typeof input === 'object' ? input : { idInstance: input, stateInstance };
  return {
    typeWebhook: 'stateInstanceChanged',
    instanceData: instanceData(i.idInstance, i.wid),
    timestamp: i.timestamp ?? now(),
    stateInstance: i.stateInstance ?? stateInstance,
  };
}

export interface MessageStatusInput {
  idInstance: string | number;
  idMessage: string;
  /** sent, delivered, read, failed, noAccount… */
  status?: string;
  chatId?: string;
  sendByApi?: boolean;
  timestamp?: number;
  wid?: string;
}

/** outgoingMessageStatus; `messageStatus(id, idMessage, 'read')` or `messageStatus({ … })`. */
export function messageStatus(
  input: MessageStatusInput | string | number,
  idMessage?: string,
  status = 'delivered',
) {
  const i: MessageStatusInput =
    typeof input === 'object' ? input : { idInstance: input, idMessage: idMessage ?? newIdMessage(), status };
  return {
    typeWebhook: 'outgoingMessageStatus',
    chatId: i.chatId ?? '33600000001@c.us',
    instanceData: instanceData(i.idInstance, i.wid),
    timestamp: i.timestamp ?? now(),
    idMessage: i.idMessage,
    status: i.status ?? status,
    sendByApi: i.sendByApi ?? true,
  };
}
