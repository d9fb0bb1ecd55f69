import { env } from 'cloudflare:test';
import { deriveWebhookToken } from '@max/core/greenapi/webhook';
import { app } from '../src/app.ts';
import type { Bindings } from '../src/env.ts';

export const SECRET = 'test-webhook-secret-0123456789abcdef0123';
export const INSTANCE = 1101000001;

let n = 0;
export const uid = (prefix = 'MSG') => `${prefix}-${Date.now().toString(36)}-${++n}`;

export const envelope = (typeWebhook: string, extra: Record<string, unknown> = {}, instance = INSTANCE) => ({
  typeWebhook,
  instanceData: { idInstance: instance, wid: '33612345678@c.us', typeInstance: 'whatsapp' },
  timestamp: 1703014480,
  ...extra,
});

export const message = (
  typeWebhook: string,
  messageData: Record<string, unknown>,
  chatId = '33698765432@c.us',
  idMessage = uid(),
) =>
  envelope(typeWebhook, {
    idMessage,
    senderData: { chatId, chatName: 'Rija', sender: chatId, senderName: 'Rija', senderContactName: 'Rija' },
    messageData,
  });

export const text = (t: string, chatId?: string, idMessage?: string) =>
  message(
    'incomingMessageReceived',
    { typeMessage: 'textMessage', textMessageData: { textMessage: t } },
    chatId,
    idMessage,
  );

/** Calls the Hono app in workerd with the real bindings, the queue replaced by a recorder. */
export async function post(
  body: unknown,
  opts: {
    auth?: string | null;
    contentType?: string;
    raw?: BodyInit;
    env?: Partial<Bindings>;
    /** The instance whose token is sent (the body's idInstance is the caller's business). */
    instance?: number;
    headers?: Record<string, string>;
  } = {},
) {
  const sent: unknown[] = [];
  const options: Array<QueueSendOptions | undefined> = [];
  const token = await deriveWebhookToken(SECRET, String(opts.instance ?? INSTANCE));
  const headers: Record<string, string> = {
    'content-type': opts.contentType ?? 'application/json',
    ...opts.headers,
  };
  const auth = opts.auth === undefined ? `Bearer ${token}` : opts.auth;
  if (auth !== null) headers.authorization = auth;
  const req = new Request('http://worker.test/webhooks/greenapi', {
    method: 'POST',
    headers,
    body: opts.raw ?? JSON.stringify(body),
  });
  const testEnv = {
    ...(env as unknown as Bindings),
    INBOUND: {
      send: async (m: unknown, o?: QueueSendOptions) => {
        sent.push(m);
        options.push(o);
      },
      sendBatch: async () => {},
    } as unknown as Queue,
    ...opts.env,
  };
  const res = await app.fetch(req, testEnv);
  return {
    res,
    status: res.status,
    json: (await res.json()) as Record<string, unknown>,
    sent: sent as Array<Record<string, unknown>>,
    /** The options of each send (delaySeconds, contentType). */
    options,
  };
}

/** The local rate limiter counts per fixed minute: start a counted burst well inside one. */
export async function awayFromMinuteEdge(): Promise<void> {
  const into = Date.now() % 60_000;
  if (into > 50_000) await new Promise((r) => setTimeout(r, 60_000 - into + 200));
}
