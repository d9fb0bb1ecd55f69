import { z } from 'zod';
import type { Clock, FetchLike } from '../../shared/clock.ts';
import { AppError } from '../../shared/errors.ts';
import type { Logger } from '../../shared/logger.ts';
import { assertDownloadUrl, MAX_DOWNLOAD_BYTES, readCapped } from './download.ts';
import { type CallContext, callGreenApi } from './http-call.ts';
import { MAX_MESSAGE_LENGTH, truncateMessage } from './message-text.ts';
import {
  chatIdSchema,
  downloadUrlResponseSchema,
  type GreenApiSettings,
  type LastIncomingMessage,
  lastIncomingMessageSchema,
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
  /** Retries after the first attempt on 429, 5xx, network errors and timeouts. Default 3. */
  retries?: number;
  /** First backoff window (doubles per retry, capped by maxDelayMs). Defaults 250 ms / 4 s. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  random?: () => number;
  maxDownloadBytes?: number;
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
   */
  sendMessage(m: SendMessageInput): Promise<{ idMessage: string }>;
  getStateInstance(): Promise<{ stateInstance: string }>;
  /** Recent incoming messages; malformed items are skipped (counted in the log line). */
  lastIncomingMessages(minutes?: number): Promise<LastIncomingMessage[]>;
  /** Green-API's downloadFile method: a download URL for a media message. */
  getDownloadUrl(m: { chatId: string; idMessage: string }): Promise<{ downloadUrl: string }>;
  /** The bytes behind a media download URL, at most `maxDownloadBytes`. */
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

export function createGreenApiClient(o: GreenApiClientOptions): GreenApiClient {
  const id = String(o.idInstance);
  if (!/^\d+$/.test(id)) throw new AppError('validation', 'idInstance must be digits', { retryable: false });
  if (!o.apiToken) throw new AppError('validation', 'apiToken is required', { retryable: false });
  const base = o.apiUrl.replace(/\/+$/, '');
  const maxDownloadBytes = o.maxDownloadBytes ?? MAX_DOWNLOAD_BYTES;
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

  return {
    async sendMessage(m) {
      const input = sendInputSchema.safeParse(m);
      if (!input.success) throw validation('sendMessage', input.error);
      const message = truncateMessage(input.data.message, MAX_MESSAGE_LENGTH);
      const res = await callGreenApi(ctx, {
        method: 'sendMessage',
        url: urlFor('sendMessage'),
        init: post({
          chatId: input.data.chatId,
          message,
          ...(input.data.quotedMessageId ? { quotedMessageId: input.data.quotedMessageId } : {}),
          linkPreview: input.data.linkPreview ?? false,
        }),
        read: json('sendMessage', sendMessageResponseSchema),
        logFields: { length: message.length, truncated: message.length !== input.data.message.length },
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

    async lastIncomingMessages(minutes = 1440) {
      const m = Math.floor(minutes);
      if (!Number.isFinite(m) || m < 1)
        throw new AppError('validation', 'minutes must be a positive number', { retryable: false });
      const logFields: Record<string, unknown> = { minutes: m };
      return callGreenApi(ctx, {
        method: 'lastIncomingMessages',
        url: urlFor('lastIncomingMessages', `?minutes=${m}`),
        init: { method: 'GET' },
        logFields,
        read: async (res) => {
          const body: unknown = await res.json();
          if (!Array.isArray(body))
            throw new AppError('upstream', 'Green-API lastIncomingMessages: unexpected answer', {
              retryable: false,
            });
          const items: LastIncomingMessage[] = [];
          for (const raw of body) {
            const parsed = lastIncomingMessageSchema.safeParse(raw);
            if (parsed.success) items.push(parsed.data);
          }
          logFields.count = items.length;
          logFields.skipped = body.length - items.length;
          return items;
        },
      });
    },

    async getDownloadUrl(m) {
      const input = z.object({ chatId: chatIdSchema, idMessage: z.string().min(1).max(128) }).safeParse(m);
      if (!input.success) throw validation('downloadFile', input.error);
      const res = await callGreenApi(ctx, {
        method: 'downloadFile',
        url: urlFor('downloadFile'),
        init: post(input.data),
        read: json('downloadFile', downloadUrlResponseSchema),
      });
      return { downloadUrl: res.downloadUrl };
    },

    async downloadFile(url) {
      assertDownloadUrl(url);
      const logFields: Record<string, unknown> = {};
      // Media URLs are signed too: scrub the query string from any error text.
      const { search } = new URL(url);
      return callGreenApi(
        { ...ctx, secrets: [...ctx.secrets, ...(search.length > 1 ? [search] : [])] },
        {
          method: 'downloadMedia',
          url,
          init: { method: 'GET' },
          logFields,
          read: async (res) => {
            const bytes = await readCapped(res, maxDownloadBytes);
            logFields.bytes = bytes.byteLength;
            return bytes;
          },
        },
      );
    },

    async setSettings(settings) {
      const input = settingsSchema.safeParse(settings);
      if (!input.success) throw validation('setSettings', input.error);
      const res = await callGreenApi(ctx, {
        method: 'setSettings',
        url: urlFor('setSettings'),
        init: post(input.data),
        read: json('setSettings', setSettingsResponseSchema),
      });
      return { saveSettings: res.saveSettings };
    },
  };
}
