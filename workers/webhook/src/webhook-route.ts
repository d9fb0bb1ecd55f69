import {
  type ErrorCode,
  ingestWebhook,
  type Logger,
  MAX_QUEUE_MESSAGE_BYTES,
  type QueueMessage,
  queueMessageBytes,
  readStreamCapped,
  withoutThumbnails,
} from '@max/core';
import type { Context } from 'hono';
import type { Bindings, WorkerConfig } from './env.ts';
import { httpError } from './http-error.ts';
import { workerLogger } from './logger.ts';

type Ctx = Context<{ Bindings: Bindings; Variables: { requestId: string; config: WorkerConfig } }>;

/** Reads at most `limit` bytes of the body, whatever Content-Length claimed. */
async function readLimited(req: Request, limit: number): Promise<string | null> {
  const bytes = await readStreamCapped(req.body, limit);
  return bytes && new TextDecoder().decode(bytes);
}

/** A rate limiter that errors must not drop messages: it fails open, loudly. */
async function allowed(rl: RateLimit, key: string, log: Logger): Promise<boolean> {
  try {
    return (await rl.limit({ key })).success;
  } catch (e) {
    log.warn('webhook.ratelimit_unavailable', { error: (e as Error)?.name ?? 'error' });
    return true;
  }
}

/** POST /webhooks/greenapi: authenticate, validate, rate-limit, enqueue, answer fast. */
export async function webhookRoute(c: Ctx): Promise<Response> {
  const started = Date.now();
  const requestId = c.get('requestId');
  const config = c.get('config');
  const log = workerLogger(config.LOG_LEVEL).child({ requestId });
  const d = await ingestWebhook({
    contentType: c.req.header('content-type') ?? null,
    contentLength: c.req.header('content-length') ?? null,
    authorization: c.req.header('authorization') ?? null,
    readBody: (limit) => readLimited(c.req.raw, limit),
    secret: config.GREENAPI_WEBHOOK_SECRET,
  });
  const done = (status: number, outcome: string, body: unknown, extra: Record<string, unknown> = {}) => {
    log.info('webhook', {
      idInstance: 'idInstance' in d ? d.idInstance : undefined,
      typeWebhook: 'typeWebhook' in d ? d.typeWebhook : undefined,
      outcome,
      status,
      durationMs: Date.now() - started,
      ...extra,
    });
    return c.json(body, status as 200);
  };
  const fail = (code: ErrorCode, message: string, outcome: string = code) => {
    const http = httpError(code, message);
    return done(http.status, outcome, http.body);
  };
  if (d.kind === 'reject') return fail(d.code as ErrorCode, d.reason);
  if (d.kind === 'ignore') return done(200, 'ignored', { ignored: d.reason });

  let kind: QueueMessage['kind'] = d.action;
  let notify = false;
  if (d.action === 'inbound') {
    const [chat, instance] = await Promise.all([
      allowed(c.env.RL_CHAT, d.chatKey, log),
      allowed(c.env.RL_INSTANCE, d.idInstance, log),
    ]);
    if (!chat || !instance) {
      kind = 'throttled';
      // At most one "slow down" reply per chat and window.
      notify = await allowed(c.env.RL_NOTICE, d.chatKey, log);
    }
  }
  const message: QueueMessage = {
    v: 1,
    kind,
    requestId,
    receivedAt: new Date(started).toISOString(),
    event: withoutThumbnails(d.webhook),
    ...(kind === 'throttled' ? { notify } : {}),
  };
  if (queueMessageBytes(message) > MAX_QUEUE_MESSAGE_BYTES) {
    // The queue would refuse it on every retry: say so instead of a 503 loop.
    return fail('payload_too_large', 'Message too large to queue');
  }
  try {
    await c.env.INBOUND.send(message, { contentType: 'json' });
  } catch (e) {
    // Not queued: make Green-API send it again rather than lose it.
    log.error('webhook.enqueue_failed', { error: (e as Error)?.name ?? 'error' });
    return fail('unavailable', 'Queue unavailable, retry later', 'enqueue_failed');
  }
  return done(200, kind === 'throttled' ? 'throttled' : 'queued', {
    ok: true,
    requestId,
    ...(kind === 'throttled' ? { throttled: true } : {}),
  });
}
