import { ingestWebhook } from '@max/core/ingress';
import {
  MAX_QUEUE_MESSAGE_BYTES,
  type QueueMessage,
  queueMessageBytes,
  withoutThumbnails,
} from '@max/core/queue';
import { type ErrorCode, isAppError, readStreamCapped } from '@max/core/shared';
import type { Context } from 'hono';
import type { Bindings, WorkerConfig } from './env.ts';
import { httpError } from './http-error.ts';
import { workerLogger } from './logger.ts';
import { allowed } from './rate-limit.ts';

type Ctx = Context<{ Bindings: Bindings; Variables: { requestId: string; config: WorkerConfig } }>;

/**
 * Over RL_INSTANCE (a flood from one number) a message is still queued, only later: the edge never
 * drops a message. Per-chat throttling is the agent's (it counts distinct messages, not deliveries).
 */
export const FLOOD_DELAY_SECONDS = 60;

/** Reads at most `limit` bytes of the body, whatever Content-Length claimed. */
async function readLimited(req: Request, limit: number): Promise<string | null> {
  const bytes = await readStreamCapped(req.body, limit);
  return bytes && new TextDecoder().decode(bytes);
}

/** POST /webhooks/greenapi: authenticate, validate, flood-guard, enqueue, answer fast. */
export async function webhookRoute(c: Ctx): Promise<Response> {
  const started = Date.now();
  const requestId = c.get('requestId');
  const config = c.get('config');
  const log = workerLogger(config.LOG_LEVEL);
  const d = await ingestWebhook({
    contentType: c.req.header('content-type') ?? null,
    contentLength: c.req.header('content-length') ?? null,
    authorization: c.req.header('authorization') ?? null,
    readBody: (limit) => readLimited(c.req.raw, limit),
    secret: config.GREENAPI_WEBHOOK_SECRET,
  });
  const done = (status: number, outcome: string, body: unknown, extra: Record<string, unknown> = {}) => {
    log.info('webhook', {
      requestId,
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

  const delayed = d.action === 'inbound' && !(await allowed(c.env.RL_INSTANCE, d.idInstance, log, requestId));
  let message: QueueMessage;
  try {
    message = {
      v: 1,
      kind: d.action,
      requestId,
      receivedAt: new Date(started).toISOString(),
      event: withoutThumbnails(d.webhook),
    };
    if (queueMessageBytes(message) > MAX_QUEUE_MESSAGE_BYTES) {
      // The queue would refuse it on every retry: say so instead of a 503 loop.
      return fail('payload_too_large', 'Message too large to queue');
    }
  } catch (e) {
    if (isAppError(e)) return fail(e.code, e.message);
    throw e;
  }
  try {
    await c.env.INBOUND.send(message, {
      contentType: 'json',
      ...(delayed ? { delaySeconds: FLOOD_DELAY_SECONDS } : {}),
    });
  } catch (e) {
    // Not queued: make Green-API send it again rather than lose it.
    log.error('webhook.enqueue_failed', { requestId, error: (e as Error)?.name ?? 'error' });
    return fail('unavailable', 'Queue unavailable, retry later', 'enqueue_failed');
  }
  return done(200, delayed ? 'delayed' : 'queued', { ok: true, requestId, ...(delayed ? { delayed } : {}) });
}
