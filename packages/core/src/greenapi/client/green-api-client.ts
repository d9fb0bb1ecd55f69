import { z } from 'zod';
import type { Clock, FetchLike } from '../../shared/clock.ts';
import { AppError } from '../../shared/errors.ts';
import type { Logger } from '../../shared/logger.ts';
import { assertMediaHosts, DEFAULT_MEDIA_HOSTS, downloadMedia, MAX_DOWNLOAD_BYTES } from './download.ts';
import { type CallContext, callGreenApi } from './http-call.ts';
import { MAX_MESSAGE_LENGTH, truncateMessage } from './message-text.ts';
import {
  type ChatMessage,
  chatIdSchema,
  chatMessageSchema,
  downloadUrlResponseSchema,
  type GreenApiSettings,
  type LastIncomingMessage,
  type LastOutgoingMessage,
  lastIncomingMessageSchema,
  lastOutgoingMessageSchema,
  sendMessageResponseSchema,
  setSettingsResponseSchema,
  settingsSchema,
  stateInstanceResponseSchema,
} from './schemas.ts';

export interface GreenApiClientOptions {
  /** Per instance, e.g. https://1101.api.green-api.com */
  apiUrl: string;
  idInstance: string | number;
  apiToken: string;
  fetch: FetchLike;
  clock: Clock;
  logger: Logger;
  /** Per attempt, connection and body included. Default 15 s. */
  timeoutMs?: number;
  /**
   * Retries after the first attempt on 429, 5xx, network errors and timeouts. Default 3.
   * sendMessage is retried only when nothing was sent (429, no connection): never after a timeout
   * or a 5xx, which may hide a sent message; its errors carry `details.delivery`.
   */
  retries?: number;
  /** First backoff window (doubles per retry, capped by maxDelayMs). Defaults 250 ms / 4 s. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  random?: () => number;
  maxDownloadBytes?: number;
  /**
   * Where media may be downloaded from (see DEFAULT_MEDIA_HOSTS): host patterns, https only, or
   * full origins such as a local stand-in's `http://127.0.0.1:8091`. Redirects are checked too.
   */
  mediaHosts?: readonly string[];
}

export interface SendMessageInput {
  chatId: string;
  message: string;
  quotedMessageId?: string | null;
  linkPreview?: boolean;
}

export interface GreenApiClient {
  /**
   * Texts over 20 000 characters are truncated (marker ` […]`), not split: one reply is one
   * WhatsApp message with one idMessage, so a retried outbox send never repeats half a reply.
   * Callers that want everything use `splitMessage` and send the parts themselves.
   * A failure's `details.delivery` is 'not_sent' (safe to send again) or 'unknown' (look in
   * `lastOutgoingMessages` first).
   */
  sendMessage(m: SendMessageInput): Promise<{ idMessage: string }>;
  getStateInstance(): Promise<{ stateInstance: string }>;
  /** Recent incoming messages; malformed items are skipped (counted in the log line). */
  lastIncomingMessages(minutes?: number): Promise<LastIncomingMessage[]>;
  /**
   * Messages the instance sent in the last `minutes`, newest first; malformed items are skipped.
   * A message may take up to 2 minutes to appear (Green-API's journal delay).
   */
  lastOutgoingMessages(minutes?: number): Promise<LastOutgoingMessage[]>;
  /** One message of a chat by id, incoming or outgoing; null when Green-API does not know it. */
  getMessage(m: { chatId: string; idMessage: string }): Promise<ChatMessage | null>;
  /** Green-API's downloadFile method: a download URL for a media message. */
  getDownloadUrl(m: { chatId: string; idMessage: string }): Promise<{ downloadUrl: string }>;
  /** The bytes behind a media download URL from an allowed host, at most `maxDownloadBytes`. */
  downloadFile(url: string): Promise<ArrayBuffer>;
  setSettings(settings: GreenApiSettings): Promise<{ saveSettings: boolean }>;
}

const sendInputSchema = z.object({
  chatId: chatIdSchema,
  message: z.string().min(1, 'empty message'),
  quotedMessageId: z.string().min(1).max(128).nullish(),
  linkPreview: z.boolean().optional(),
});

function validation(what: string, error: z.ZodError): AppError {
  return new AppError('validation', `Green-API ${what}: invalid input`, {
    retryable: false,
    details: { fields: error.issues.map((i) => i.path.join('.') || '(root)') },
  });
}

/** A JSON body read with a schema: a 200 with an unexpected shape is an upstream error. */
const json =
  <S extends z.ZodType>(method: string, schema: S) =>
  async (res: Response): Promise<z.infer<S>> => {
    const parsed = schema.safeParse(await res.json());
    if (!parsed.success)
      throw new AppError('upstream', `Green-API ${method}: unexpected answer`, { retryable: false });
    return parsed.data;
  };

/** A method's input, checked before anything is sent: a bad one never reaches Green-API. */
function checked<S extends z.ZodType>(method: string, schema: S, value: unknown): z.infer<S> {
  const input = schema.safeParse(value);
  if (!input.success) throw validation(method, input.error);
  return input.data;
}

/** A message of a chat, as getMessage and downloadFile name it. */
const messageRefSchema = z.object({ chatId: chatIdSchema, idMessage: z.string().min(1).max(128) });

export function createGreenApiClient(o: GreenApiClientOptions): GreenApiClient {
  const id = String(o.idInstance);
  if (!/^\d+$/.test(id)) throw new AppError('validation', 'idInstance must be digits', { retryable: false });
  if (!o.apiToken) throw new AppError('validation', 'apiToken is required', { retryable: false });
  const base = o.apiUrl.replace(/\/+$/, '');
  const maxDownloadBytes = o.maxDownloadBytes ?? MAX_DOWNLOAD_BYTES;
  const mediaHosts = o.mediaHosts ?? DEFAULT_MEDIA_HOSTS;
  assertMediaHosts(mediaHosts);
  const ctx: CallContext = {
    fetch: o.fetch,
    clock: o.clock,
    logger: o.logger,
    timeoutMs: o.timeoutMs ?? 15_000,
    attempts: Math.max(0, o.retries ?? 3) + 1,
    baseDelayMs: o.baseDelayMs ?? 250,
    maxDelayMs: o.maxDelayMs ?? 4000,
    random: o.random ?? Math.random,
    secrets: [o.apiToken, encodeURIComponent(o.apiToken)],
  };
  // The token is a path segment: this URL is never logged nor put in an error.
  const urlFor = (method: string, query = '') =>
    `${base}/waInstance${id}/${method}/${encodeURIComponent(o.apiToken)}${query}`;
  const post = (body: unknown): RequestInit => ({
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

  /** A POST of a checked input whose answer is read with a schema. */
  const postRead = <S extends z.ZodType>(method: string, body: unknown, answer: S) =>
    callGreenApi(ctx, { method, url: urlFor(method), init: post(body), read: json(method, answer) });

  /** A journal read (last incoming / outgoing messages): malformed items are skipped and counted. */
  async function journal<S extends z.ZodType>(
    method: string,
    minutes: number,
    item: S,
  ): Promise<z.infer<S>[]> {
    const m = Math.floor(minutes);
    if (!Number.isFinite(m) || m < 1)
      throw new AppError('validation', 'minutes must be a positive number', { retryable: false });
    const logFields: Record<string, unknown> = { minutes: m };
    return callGreenApi(ctx, {
      method,
      url: urlFor(method, `?minutes=${m}`),
      init: { method: 'GET' },
      logFields,
      read: async (res) => {
        const body: unknown = await res.json();
        if (!Array.isArray(body))
          throw new AppError('upstream', `Green-API ${method}: unexpected answer`, { retryable: false });
        const items: z.infer<S>[] = [];
        for (const raw of body) {
          const parsed = item.safeParse(raw);
          if (parsed.success) items.push(parsed.data);
        }
        logFields.count = items.length;
        logFields.skipped = body.length - items.length;
        return items;
      },
    });
  }

  return {
    async sendMessage(m) {
      const input = checked('sendMessage', sendInputSchema, m);
      const message = truncateMessage(input.message, MAX_MESSAGE_LENGTH);
      const res = await callGreenApi(ctx, {
        method: 'sendMessage',
        url: urlFor('sendMessage'),
        init: post({
          chatId: input.chatId,
          message,
          ...(input.quotedMessageId ? { quotedMessageId: input.quotedMessageId } : {}),
          linkPreview: input.linkPreview ?? false,
        }),
        read: json('sendMessage', sendMessageResponseSchema),
        logFields: { length: message.length, truncated: message.length !== input.message.length },
        // Not idempotent: a second POST after a lost answer is a second WhatsApp message.
        idempotent: false,
      });
      return { idMessage: res.idMessage };
    },

    async getStateInstance() {
      const res = await callGreenApi(ctx, {
        method: 'getStateInstance',
        url: urlFor('getStateInstance'),
        init: { method: 'GET' },
        read: json('getStateInstance', stateInstanceResponseSchema),
      });
      return { stateInstance: res.stateInstance };
    },

    lastIncomingMessages: (minutes = 1440) =>
      journal('lastIncomingMessages', minutes, lastIncomingMessageSchema),

    lastOutgoingMessages: (minutes = 1440) =>
      journal('lastOutgoingMessages', minutes, lastOutgoingMessageSchema),

    async getMessage(m) {
      const input = checked('getMessage', messageRefSchema, m);
      return callGreenApi(ctx, {
        method: 'getMessage',
        url: urlFor('getMessage'),
        init: post(input),
        // An unknown message: 404, or a 400 whose text says "not found" (as downloadFile answers).
        accept: (status) => status === 400 || status === 404,
        read: async (res) => {
          if (res.status === 404) return null;
          if (res.status === 400) {
            const text = await res.text().catch(() => '');
            if (/not found/i.test(text)) return null;
            throw new AppError('bad_request', 'Green-API getMessage answered 400', {
              retryable: false,
              details: { status: 400 },
            });
          }
          return json('getMessage', chatMessageSchema)(res);
        },
      });
    },

    async getDownloadUrl(m) {
      const input = checked('downloadFile', messageRefSchema, m);
      const res = await postRead('downloadFile', input, downloadUrlResponseSchema);
      return { downloadUrl: res.downloadUrl };
    },

    downloadFile: (url) => downloadMedia(ctx, url, { mediaHosts, maxBytes: maxDownloadBytes }),

    async setSettings(settings) {
      const input = checked('setSettings', settingsSchema, settings);
      const res = await postRead('setSettings', input, setSettingsResponseSchema);
      return { saveSettings: res.saveSettings };
    },
  };
}
