import { z } from 'zod';

/**
 * Green-API answers, parsed leniently: MAX needs a few fields, Green-API adds others over time,
 * so unknown keys pass and optional fields may be missing or null.
 */
const optionalString = z
  .string()
  .nullish()
  .transform((v) => v ?? undefined);

export const sendMessageResponseSchema = z.looseObject({ idMessage: z.string().min(1) });
export const stateInstanceResponseSchema = z.looseObject({ stateInstance: z.string().min(1) });
export const setSettingsResponseSchema = z.looseObject({ saveSettings: z.boolean() });
export const downloadUrlResponseSchema = z.looseObject({ downloadUrl: z.string().url() });

/** One item of `lastIncomingMessages` (documented shape; media fields are flat on the item). */
export const lastIncomingMessageSchema = z.looseObject({
  type: optionalString,
  idMessage: z.string().min(1),
  timestamp: z.number(),
  typeMessage: z.string().min(1),
  chatId: z.string().min(1),
  senderId: optionalString,
  senderName: optionalString,
  senderContactName: optionalString,
  textMessage: optionalString,
  extendedTextMessage: z
    .looseObject({
      text: optionalString,
      description: optionalString,
      title: optionalString,
      stanzaId: optionalString,
      participant: optionalString,
    })
    .nullish()
    .transform((v) => v ?? undefined),
  quotedMessage: z
    .looseObject({ stanzaId: optionalString, participant: optionalString, typeMessage: optionalString })
    .nullish()
    .transform((v) => v ?? undefined),
  caption: optionalString,
  downloadUrl: optionalString,
  mimeType: optionalString,
  fileName: optionalString,
  isForwarded: z
    .boolean()
    .nullish()
    .transform((v) => v ?? undefined),
});

export type LastIncomingMessage = z.infer<typeof lastIncomingMessageSchema>;

const optionalBoolean = z
  .boolean()
  .nullish()
  .transform((v) => v ?? undefined);

/**
 * One item of `lastOutgoingMessages` (documented shape): what the instance sent, with its delivery
 * status (pending, sent, delivered, read, noAccount, notInGroup, yellowCard…) and `sendByApi`.
 * Green-API notes that an item may take up to 2 minutes to appear in this journal.
 */
export const lastOutgoingMessageSchema = lastIncomingMessageSchema.extend({
  statusMessage: optionalString,
  sendByApi: optionalBoolean,
});

export type LastOutgoingMessage = z.infer<typeof lastOutgoingMessageSchema>;

/** `getMessage`: one message of a chat, incoming or outgoing (statusMessage only when outgoing). */
export const chatMessageSchema = lastOutgoingMessageSchema;

export type ChatMessage = z.infer<typeof chatMessageSchema>;

/** Instance settings MAX sets (SetSettings accepts more; extra keys are passed through). */
export const settingsSchema = z.looseObject({
  webhookUrl: z.string().optional(),
  webhookUrlToken: z.string().optional(),
  delaySendMessagesMilliseconds: z.number().int().min(500).optional(),
  markIncomingMessagesReaded: z.enum(['yes', 'no']).optional(),
  outgoingWebhook: z.enum(['yes', 'no']).optional(),
  outgoingMessageWebhook: z.enum(['yes', 'no']).optional(),
  outgoingAPIMessageWebhook: z.enum(['yes', 'no']).optional(),
  incomingWebhook: z.enum(['yes', 'no']).optional(),
  stateWebhook: z.enum(['yes', 'no']).optional(),
  incomingCallWebhook: z.enum(['yes', 'no']).optional(),
});

export type GreenApiSettings = z.input<typeof settingsSchema>;

/** Person `<digits>@c.us`, group `<id>@g.us` (older group ids carry a dash), or a `@lid` id. */
export const chatIdSchema = z.string().regex(/^[0-9][0-9-]{3,40}@(c\.us|g\.us|lid)$/, 'invalid chatId');
