import { z } from 'zod';

/**
 * Green-API webhook payloads. Strict on what MAX reads (ids, chat, text, file URL), lenient on
 * the rest: Green-API adds fields over time and extra keys must not turn a message into a 400.
 */
const idInstance = z
  .union([z.number().int().nonnegative(), z.string().regex(/^\d+$/)])
  .transform((v) => String(v));

export const instanceDataSchema = z.looseObject({
  idInstance,
  wid: z.string().optional(),
  typeInstance: z.string().optional(),
});

const senderDataSchema = z.looseObject({
  chatId: z.string().min(3).max(100),
  sender: z.string().min(3).max(100).optional(),
  chatName: z.string().optional(),
  senderName: z.string().optional(),
  senderContactName: z.string().optional(),
});

const quotedSchema = z.looseObject({
  stanzaId: z.string().optional(),
  participant: z.string().optional(),
  typeMessage: z.string().optional(),
});

const fileDataSchema = z.looseObject({
  downloadUrl: z.string().url(),
  caption: z.string().max(65_536).optional(),
  fileName: z.string().optional(),
  jpegThumbnail: z.string().optional(),
  mimeType: z.string().optional(),
  isForwarded: z.boolean().optional(),
  forwardingScore: z.number().optional(),
});

const extendedTextSchema = z.looseObject({
  text: z.string().max(65_536),
  description: z.string().optional(),
  title: z.string().optional(),
  stanzaId: z.string().optional(),
  participant: z.string().optional(),
});

const common = { quotedMessage: quotedSchema.optional() };

export const knownMessageDataSchema = z.discriminatedUnion('typeMessage', [
  z.looseObject({
    typeMessage: z.literal('textMessage'),
    textMessageData: z.looseObject({ textMessage: z.string().max(65_536) }),
    ...common,
  }),
  z.looseObject({
    typeMessage: z.literal('extendedTextMessage'),
    extendedTextMessageData: extendedTextSchema,
    ...common,
  }),
  z.looseObject({
    typeMessage: z.literal('quotedMessage'),
    extendedTextMessageData: extendedTextSchema,
    ...common,
  }),
  z.looseObject({ typeMessage: z.literal('imageMessage'), fileMessageData: fileDataSchema, ...common }),
  z.looseObject({ typeMessage: z.literal('videoMessage'), fileMessageData: fileDataSchema, ...common }),
  z.looseObject({ typeMessage: z.literal('documentMessage'), fileMessageData: fileDataSchema, ...common }),
  z.looseObject({ typeMessage: z.literal('audioMessage'), fileMessageData: fileDataSchema, ...common }),
  z.looseObject({
    typeMessage: z.literal('stickerMessage'),
    fileMessageData: fileDataSchema.partial().optional(),
    ...common,
  }),
  z.looseObject({
    typeMessage: z.literal('locationMessage'),
    locationMessageData: z.looseObject({
      latitude: z.number(),
      longitude: z.number(),
      nameLocation: z.string().optional(),
      address: z.string().optional(),
    }),
    ...common,
  }),
  z.looseObject({
    typeMessage: z.literal('contactMessage'),
    contactMessageData: z.looseObject({ displayName: z.string(), vcard: z.string() }),
    ...common,
  }),
  z.looseObject({
    typeMessage: z.literal('contactsArrayMessage'),
    messageData: z.unknown().optional(),
    ...common,
  }),
  z.looseObject({
    typeMessage: z.literal('reactionMessage'),
    extendedTextMessageData: z.looseObject({ text: z.string() }),
    ...common,
  }),
  z.looseObject({ typeMessage: z.literal('pollMessage'), ...common }),
  z.looseObject({ typeMessage: z.literal('pollUpdateMessage'), ...common }),
  z.looseObject({
    typeMessage: z.literal('editedMessage'),
    editedMessageData: z.looseObject({ textMessage: z.string().optional() }).optional(),
    ...common,
  }),
  z.looseObject({ typeMessage: z.literal('deletedMessage'), ...common }),
  z.looseObject({ typeMessage: z.literal('buttonsResponseMessage'), ...common }),
  z.looseObject({ typeMessage: z.literal('listResponseMessage'), ...common }),
  z.looseObject({ typeMessage: z.literal('templateButtonsReplyMessage'), ...common }),
  z.looseObject({ typeMessage: z.literal('interactiveButtonsResponse'), ...common }),
]);

export type KnownMessageData = z.infer<typeof knownMessageDataSchema>;
/** A typeMessage Green-API added after this code was written: kept, never a 400. */
export type OtherMessageData = { typeMessage: string; [key: string]: unknown };
export type MessageData = KnownMessageData | OtherMessageData;

export const KNOWN_MESSAGE_TYPES: readonly string[] = knownMessageDataSchema.options.map(
  (o) => o.shape.typeMessage.value,
);

export const isKnownMessageData = (d: MessageData): d is KnownMessageData =>
  KNOWN_MESSAGE_TYPES.includes(d.typeMessage);

const otherMessageDataSchema = z.looseObject({ typeMessage: z.string().min(1).max(64) });

/**
 * Known types are validated strictly (issues keep their field path); an unknown typeMessage is
 * accepted as is, because a 400 would make Green-API re-send it and stall the instance's queue.
 */
export const messageDataSchema = z.unknown().transform((value, ctx): MessageData => {
  const type = (value as { typeMessage?: unknown } | null)?.typeMessage;
  const known = typeof type === 'string' && KNOWN_MESSAGE_TYPES.includes(type);
  const res = (known ? knownMessageDataSchema : otherMessageDataSchema).safeParse(value);
  if (res.success) return res.data as MessageData;
  for (const issue of res.error.issues) {
    ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path as PropertyKey[] });
  }
  return z.NEVER;
});

const base = { instanceData: instanceDataSchema, timestamp: z.number().int().nonnegative() };
const messageBase = {
  ...base,
  idMessage: z.string().min(1).max(128),
  senderData: senderDataSchema,
  messageData: messageDataSchema,
};

export const incomingMessageSchema = z.looseObject({
  typeWebhook: z.literal('incomingMessageReceived'),
  ...messageBase,
});
export const outgoingMessageSchema = z.looseObject({
  typeWebhook: z.literal('outgoingMessageReceived'),
  ...messageBase,
});
export const outgoingApiMessageSchema = z.looseObject({
  typeWebhook: z.literal('outgoingAPIMessageReceived'),
  ...messageBase,
});
export const outgoingStatusSchema = z.looseObject({
  typeWebhook: z.literal('outgoingMessageStatus'),
  ...base,
  idMessage: z.string().min(1).max(128),
  status: z.string().min(1),
  chatId: z.string().optional(),
  sendByApi: z.boolean().optional(),
});
export const stateChangedSchema = z.looseObject({
  typeWebhook: z.literal('stateInstanceChanged'),
  ...base,
  stateInstance: z.string().min(1),
});
export const incomingCallSchema = z.looseObject({
  typeWebhook: z.literal('incomingCall'),
  ...base,
  idMessage: z.string().optional(),
  from: z.string().min(1),
  status: z.string().min(1),
});
export const deviceInfoSchema = z.looseObject({
  typeWebhook: z.literal('deviceInfo'),
  ...base,
  deviceData: z.looseObject({}).optional(),
});

export const webhookSchema = z.discriminatedUnion('typeWebhook', [
  incomingMessageSchema,
  outgoingMessageSchema,
  outgoingApiMessageSchema,
  outgoingStatusSchema,
  stateChangedSchema,
  incomingCallSchema,
  deviceInfoSchema,
]);

export type GreenApiWebhook = z.infer<typeof webhookSchema>;
export type IncomingMessageWebhook = z.infer<typeof incomingMessageSchema>;
export type OutgoingMessageWebhook = z.infer<typeof outgoingMessageSchema>;
export const KNOWN_WEBHOOK_TYPES: readonly string[] = webhookSchema.options.map(
  (o) => o.shape.typeWebhook.value,
);
