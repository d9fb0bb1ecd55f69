import { AppError } from '../../shared/errors.ts';
import { readStreamCapped } from '../../shared/read-capped.ts';

/** WhatsApp's own media limit is 16 MB for audio/video; larger answers are refused, not buffered. */
export const MAX_DOWNLOAD_BYTES = 16 * 1024 * 1024;

const tooLarge = (maxBytes: number) =>
  new AppError('payload_too_large', 'media file too large', { retryable: false, details: { maxBytes } });

/** Only http(s) media URLs are fetched: a webhook must not make MAX read file: or data: URLs. */
export function assertDownloadUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new AppError('validation', 'invalid media URL', { retryable: false });
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    throw new AppError('validation', 'media URL must be http(s)', { retryable: false });
}

/** Reads a body into memory, stopping as soon as it exceeds `maxBytes`. */
export async function readCapped(res: Response, maxBytes: number): Promise<ArrayBuffer> {
  const declared = Number(res.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body?.cancel().catch(() => undefined);
    throw tooLarge(maxBytes);
  }
  const bytes = await readStreamCapped(res.body, maxBytes);
  if (!bytes) throw tooLarge(maxBytes);
  return bytes.buffer;
}
