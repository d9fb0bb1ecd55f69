import { classifyWebhook } from '../greenapi/webhook/normalize.ts';
import { parseWebhook, peekIdInstance } from '../greenapi/webhook/parse.ts';
import type { GreenApiWebhook } from '../greenapi/webhook/schemas.ts';
import { jsonTextDepthWithin, MAX_JSON_DEPTH } from '../shared/json-depth.ts';
import { checkWebhookToken } from './token-check.ts';

/** Green-API never sends more; anything bigger is refused before it is parsed. */
export const MAX_WEBHOOK_BYTES = 256 * 1024;

export type IngestDecision =
  | {
      kind: 'reject';
      status: 400 | 401 | 413 | 415;
      code: string;
      reason: string;
      idInstance?: string;
      typeWebhook?: string;
    }
  | { kind: 'ignore'; reason: string; idInstance: string; typeWebhook: string }
  | {
      kind: 'accept';
      action: 'inbound' | 'human_active';
      webhook: GreenApiWebhook;
      idInstance: string;
      typeWebhook: string;
    };

export interface IngestInput {
  contentType: string | null;
  contentLength: string | null;
  authorization: string | null;
  /** Reads the body; returns null when it exceeds `limit` bytes. */
  readBody(limit: number): Promise<string | null>;
  secret: string;
}

/**
 * Everything the edge decides about one webhook, in order: size and type, JSON, the instance
 * token (before validation, so a stranger learns nothing), then the payload's schema.
 */
export async function ingestWebhook(i: IngestInput): Promise<IngestDecision> {
  if (i.contentLength && Number(i.contentLength) > MAX_WEBHOOK_BYTES) {
    return {
      kind: 'reject',
      status: 413,
      code: 'payload_too_large',
      reason: `Body over ${MAX_WEBHOOK_BYTES} bytes`,
    };
  }
  if (!i.contentType || !/^application\/json\b/i.test(i.contentType.trim())) {
    return {
      kind: 'reject',
      status: 415,
      code: 'unsupported_media_type',
      reason: 'Content-Type must be application/json',
    };
  }
  const text = await i.readBody(MAX_WEBHOOK_BYTES);
  if (text === null)
    return {
      kind: 'reject',
      status: 413,
      code: 'payload_too_large',
      reason: `Body over ${MAX_WEBHOOK_BYTES} bytes`,
    };
  // Before JSON.parse and every walk after it (schema, thumbnails, size): deep nesting overflows them.
  if (!jsonTextDepthWithin(text, MAX_JSON_DEPTH)) {
    return {
      kind: 'reject',
      status: 400,
      code: 'bad_request',
      reason: `Body nests deeper than ${MAX_JSON_DEPTH} levels`,
    };
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (e) {
    return {
      kind: 'reject',
      status: 400,
      code: 'bad_request',
      reason: `Body is not valid JSON: ${(e as Error).message.slice(0, 120)}`,
    };
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { kind: 'reject', status: 400, code: 'bad_request', reason: 'Body must be a JSON object' };
  }
  const idInstance = peekIdInstance(body);
  if (!idInstance || !(await checkWebhookToken(i.secret, idInstance, i.authorization))) {
    return { kind: 'reject', status: 401, code: 'unauthorized', reason: 'Missing or invalid webhook token' };
  }
  const parsed = parseWebhook(body);
  if (!parsed.ok && parsed.kind === 'unknown_type') {
    return {
      kind: 'ignore',
      reason: `unsupported typeWebhook ${parsed.typeWebhook}`,
      idInstance,
      typeWebhook: parsed.typeWebhook,
    };
  }
  const typeWebhook = String((body as { typeWebhook?: unknown }).typeWebhook ?? '');
  if (!parsed.ok) {
    const first = parsed.issues[0]!;
    return {
      kind: 'reject',
      status: 400,
      code: 'validation',
      reason: `Invalid field ${first.path}: ${first.message}`,
      idInstance,
      typeWebhook,
    };
  }
  const w = parsed.webhook;
  const cls = classifyWebhook(w);
  if (cls.action === 'ignored') return { kind: 'ignore', reason: cls.reason, idInstance, typeWebhook };
  return { kind: 'accept', action: cls.action, webhook: w, idInstance, typeWebhook };
}
