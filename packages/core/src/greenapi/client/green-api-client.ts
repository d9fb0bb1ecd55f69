import { z } from 'zod';
import type { Clock, FetchLike } from '../../shared/clock.ts';
import { AppError, describeError } from '../../shared/errors.ts';
import type { Logger } from '../../shared/logger.ts';

export interface GreenApiClientOptions {
  /** Per instance, e.g. https://1101.api.green-api.com */
  apiUrl: string;
  idInstance: string;
  apiToken: string;
  fetch: FetchLike;
  clock: Clock;
  logger: Logger;
  timeoutMs?: number;
  /** Attempts per call, the first included. */
  attempts?: number;
  random?: () => number;
}

/** WhatsApp's limit is 20 000 characters; longer replies are cut with a marker rather than lost. */
export const MAX_MESSAGE_LENGTH = 20_000;
const MAX_DOWNLOAD_BYTES = 16 * 1024 * 1024;

export const lastIncomingSchema = z.array(
  z.looseObject({
    type: z.string().optional(),
    idMessage: z.string(),
    timestamp: z.number(),
    typeMessage: z.string(),
    chatId: z.string(),
    senderId: z.string().optional(),
    senderName: z.string().optional(),
    textMessage: z.string().optional(),
    extendedTextMessage: z.looseObject({ text: z.string().optional() }).optional(),
    caption: z.string().optional(),
    downloadUrl: z.string().optional(),
    mimeType: z.string().optional(),
    fileName: z.string().optional(),
  }),
);
export type LastIncomingMessage = z.infer<typeof lastIncomingSchema>[number];

export interface GreenApiClient {
  sendMessage(m: {
    chatId: string;
    message: string;
    quotedMessageId?: string | null;
    linkPreview?: boolean;
  }): Promise<{ idMessage: string }>;
  getStateInstance(): Promise<{ stateInstance: string }>;
  lastIncomingMessages(minutes: number): Promise<LastIncomingMessage[]>;
  downloadFile(url: string): Promise<ArrayBuffer>;
  setSettings(settings: Record<string, unknown>): Promise<{ saveSettings: boolean }>;
}

export function createGreenApiClient(o: GreenApiClientOptions): GreenApiClient {
  const attempts = o.attempts ?? 4;
  const random = o.random ?? Math.random;
  const timeoutMs = o.timeoutMs ?? 15_000;
  const base = o.apiUrl.replace(/\/+$/, '');

  async function call(
    method: string,
    httpMethod: 'GET' | 'POST',
    body?: unknown,
    query = '',
  ): Promise<unknown> {
    // The token is part of the URL: it is never logged, only the method name is.
    const url = `${base}/waInstance${o.idInstance}/${method}/${o.apiToken}${query}`;
    for (let attempt = 1; ; attempt++) {
      const started = o.clock.now().getTime();
      let status = 0;
      try {
        const res = await o.fetch(url, {
          method: httpMethod,
          headers: body === undefined ? {} : { 'content-type': 'application/json' },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          signal: AbortSignal.timeout(timeoutMs),
        });
        status = res.status;
        o.logger.debug('greenapi.call', {
          method,
          status,
          attempt,
          durationMs: o.clock.now().getTime() - started,
        });
        if (res.ok) return await res.json();
        await res.body?.cancel();
        if (res.status === 466)
          throw new AppError('rate_limited', 'Green-API quota exhausted', {
            retryable: false,
            details: { kind: 'quota' },
          });
        if (res.status === 401 || res.status === 403)
          throw new AppError('unauthorized', `Green-API refused the token (${res.status})`, {
            retryable: false,
          });
        const retryable = res.status === 429 || res.status >= 500;
        if (!retryable)
          throw new AppError('bad_request', `Green-API ${method} answered ${res.status}`, {
            retryable: false,
          });
        throw new AppError(
          res.status === 429 ? 'rate_limited' : 'unavailable',
          `Green-API ${method} answered ${res.status}`,
        );
      } catch (e) {
        const err =
          e instanceof AppError
            ? e
            : new AppError(
                (e as Error)?.name === 'TimeoutError' ? 'timeout' : 'unavailable',
                `Green-API ${method} failed`,
                { cause: e },
              );
        if (!err.retryable || attempt >= attempts) {
          o.logger.warn('greenapi.failed', { method, status, attempt, ...describeError(err) });
          throw err;
        }
        const backoff = Math.min(250 * 2 ** (attempt - 1), 4000);
        await o.clock.sleep(backoff / 2 + random() * (backoff / 2));
      }
    }
  }

  return {
    async sendMessage(m) {
      const message =
        m.message.length > MAX_MESSAGE_LENGTH ? `${m.message.slice(0, MAX_MESSAGE_LENGTH - 2)} …` : m.message;
      const res = (await call('sendMessage', 'POST', {
        chatId: m.chatId,
        message,
        ...(m.quotedMessageId ? { quotedMessageId: m.quotedMessageId } : {}),
        linkPreview: m.linkPreview ?? false,
      })) as { idMessage?: unknown };
      if (typeof res?.idMessage !== 'string')
        throw new AppError('upstream', 'Green-API sendMessage: no idMessage');
      return { idMessage: res.idMessage };
    },
    async getStateInstance() {
      const res = z
        .looseObject({ stateInstance: z.string() })
        .safeParse(await call('getStateInstance', 'GET'));
      if (!res.success) throw new AppError('upstream', 'Green-API getStateInstance: unexpected answer');
      return { stateInstance: res.data.stateInstance };
    },
    async lastIncomingMessages(minutes) {
      const res = lastIncomingSchema.safeParse(
        await call('lastIncomingMessages', 'GET', undefined, `?minutes=${Math.max(1, Math.floor(minutes))}`),
      );
      if (!res.success) throw new AppError('upstream', 'Green-API lastIncomingMessages: unexpected answer');
      return res.data;
    },
    async downloadFile(url) {
      const res = await o.fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
      if (!res.ok)
        throw new AppError(
          res.status >= 500 ? 'unavailable' : 'not_found',
          `media download answered ${res.status}`,
        );
      const len = Number(res.headers.get('content-length') ?? 0);
      if (len > MAX_DOWNLOAD_BYTES)
        throw new AppError('payload_too_large', 'media file too large', { retryable: false });
      const buf = await res.arrayBuffer();
      if (buf.byteLength > MAX_DOWNLOAD_BYTES)
        throw new AppError('payload_too_large', 'media file too large', { retryable: false });
      return buf;
    },
    async setSettings(settings) {
      const res = (await call('setSettings', 'POST', settings)) as { saveSettings?: boolean };
      return { saveSettings: Boolean(res?.saveSettings) };
    },
  };
}
