import { z } from 'zod';

/** One text the stand-in accepted through sendMessage. */
export interface SentMessage {
  /** Position in the log since the last clear: `GET /sandbox/messages?since=<index>` pages on it. */
  index: number;
  idInstance: string;
  chatId: string;
  message: string;
  quotedMessageId: string | null;
  linkPreview: boolean;
  idMessage: string;
  /** ISO time the stand-in received it. */
  at: string;
}

/** An item of lastIncomingMessages, in Green-API's flat documented shape. */
export interface IncomingRecord {
  idMessage: string;
  timestamp: number;
  typeMessage: string;
  chatId: string;
  senderId?: string;
  senderName?: string;
  textMessage?: string;
  extendedTextMessage?: { text: string; [k: string]: unknown };
  caption?: string;
  downloadUrl?: string;
  mimeType?: string;
  fileName?: string;
  [k: string]: unknown;
}

/** What callers give addIncoming: the rest is filled in (id, now, textMessage type, sender). */
export type IncomingInput = Partial<IncomingRecord> & { chatId: string };

/** One API request the stand-in answered (never the token). */
export interface ApiRequestRecord {
  idInstance: string;
  method: string;
  status: number | 'hang';
}

export type FailureStatus = number | 'hang';

/** Same rule as Green-API: a person, a group (older ids carry a dash) or a @lid id. */
const chatId = z.string().regex(/^[0-9][0-9-]{3,40}@(c\.us|g\.us|lid)$/);

export const sendMessageBodySchema = z.object({
  chatId,
  message: z.string().min(1).max(20_000),
  quotedMessageId: z.string().min(1).optional(),
  linkPreview: z.boolean().optional(),
});

export const downloadFileBodySchema = z.object({ chatId, idMessage: z.string().min(1) });

export const getMessageBodySchema = z.object({ chatId, idMessage: z.string().min(1) });

export const settingsBodySchema = z.record(z.string(), z.unknown());
