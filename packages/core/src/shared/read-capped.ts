import { AppError } from './errors.ts';

/** Reads a stream into memory, giving up (null) as soon as it exceeds `maxBytes`. */
export async function readStreamCapped(
  stream: ReadableStream<Uint8Array> | null,
  maxBytes: number,
): Promise<Uint8Array<ArrayBuffer> | null> {
  if (!stream) return new Uint8Array(0);
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}

/**
 * A request body as text, refused (`payload_too_large`) when it is over `maxBytes`: at once when
 * Content-Length says so (nothing is read), otherwise as soon as the streamed bytes pass the cap.
 * Call it before anything else looks at the body, so an unauthenticated sender cannot make the
 * server buffer more than `maxBytes`.
 */
export async function readBodyText(
  req: { headers: Headers; body: ReadableStream<Uint8Array> | null },
  maxBytes: number,
): Promise<string> {
  const tooLarge = () =>
    new AppError('payload_too_large', `Body over ${maxBytes} bytes`, {
      retryable: false,
      details: { maxBytes },
    });
  const declared = Number(req.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await req.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  const bytes = await readStreamCapped(req.body, maxBytes);
  if (!bytes) throw tooLarge();
  return new TextDecoder().decode(bytes);
}
