import { jsonDepthWithin, jsonTooDeep, MAX_JSON_DEPTH } from '../shared/json-depth.ts';

/**
 * Cloudflare Queues take messages up to 128 KB while a webhook may be 256 KB. Base64 thumbnails
 * are the usual bulk and MAX never reads them, so they go before the size check.
 */
export const MAX_QUEUE_MESSAGE_BYTES = 120 * 1024;

/** The queue message wraps the event in a level or two of its own. */
const MAX_MESSAGE_DEPTH = MAX_JSON_DEPTH + 4;

function copyWithout(value: unknown, depth: number, max: number): unknown {
  if (typeof value !== 'object' || value === null) return value;
  // The recursion is bounded here, whatever the input: a 400, never a stack overflow.
  if (depth >= max) throw jsonTooDeep(max);
  if (Array.isArray(value)) return value.map((v) => copyWithout(v, depth + 1, max));
  const out: Record<string, unknown> = {};
  for (const k in value) {
    if (k === 'jpegThumbnail' || !Object.hasOwn(value, k)) continue;
    out[k] = copyWithout((value as Record<string, unknown>)[k], depth + 1, max);
  }
  return out;
}

/** A copy without `jpegThumbnail` at any depth; a 400 AppError past MAX_JSON_DEPTH levels. */
export function withoutThumbnails<T>(value: T, maxDepth = MAX_JSON_DEPTH): T {
  return copyWithout(value, 0, maxDepth) as T;
}

/** Bytes of the JSON the queue will carry (UTF-8), to refuse what it would reject. */
export function queueMessageBytes(message: unknown): number {
  // JSON.stringify recurses: check the depth first, without recursion.
  if (!jsonDepthWithin(message, MAX_MESSAGE_DEPTH)) throw jsonTooDeep(MAX_MESSAGE_DEPTH);
  return utf8Length(JSON.stringify(message) ?? '');
}

/** UTF-8 length of a string without encoding it (lone surrogates count as U+FFFD, like TextEncoder). */
function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}
