/**
 * Cloudflare Queues take messages up to 128 KB while a webhook may be 256 KB. Base64 thumbnails
 * are the usual bulk and MAX never reads them, so they go before the size check.
 */
export const MAX_QUEUE_MESSAGE_BYTES = 120 * 1024;

export function withoutThumbnails<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => withoutThumbnails(v)) as T;
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === 'jpegThumbnail') continue;
    out[k] = withoutThumbnails(v);
  }
  return out as T;
}

/** Bytes of the JSON the queue will carry (UTF-8), to refuse what it would reject. */
export function queueMessageBytes(message: unknown): number {
  return new TextEncoder().encode(JSON.stringify(message)).byteLength;
}
