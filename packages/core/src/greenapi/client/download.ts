import { AppError } from '../../shared/errors.ts';
import { readStreamCapped } from '../../shared/read-capped.ts';
import { type CallContext, callGreenApi } from './http-call.ts';

/** WhatsApp's own media limit is 16 MB for audio/video; larger answers are refused, not buffered. */
export const MAX_DOWNLOAD_BYTES = 16 * 1024 * 1024;

/** Redirects followed per download, each one checked against the allow-list. */
export const MAX_MEDIA_REDIRECTS = 3;

/**
 * Where Green-API serves media (downloadUrl in webhooks, downloadFile and journal answers), as its
 * documentation shows: `https://sw-media-1101.storage.yandexcloud.net/…` (per host number, also
 * `sw-media`, `sw-media-out`), `https://4100.api.green-api.com/download/…`, and `…greenapi.net`
 * storage hosts. `*.` matches any subdomain, `*` inside a label any letters, digits or dashes.
 * These entries allow https on the default port only. An entry with a scheme is a full origin
 * (`http://127.0.0.1:8091`) and allows exactly that origin: the way a local stand-in is let in.
 */
export const DEFAULT_MEDIA_HOSTS: readonly string[] = [
  '*.green-api.com',
  '*.greenapi.net',
  'sw-media*.storage.yandexcloud.net',
];

const refused = (reason: string) =>
  new AppError('forbidden', 'media URL not allowed', {
    retryable: false,
    details: { kind: 'media_url', reason },
  });

/** Throws on an allow-list entry that is neither a host pattern nor an http(s) origin. */
export function assertMediaHosts(entries: readonly string[]): void {
  for (const entry of entries) {
    const ok = entry.includes('://')
      ? URL.canParse(entry) && /^https?:$/.test(new URL(entry).protocol)
      : /^(?:\*\.)?[a-z0-9*-]+(?:\.[a-z0-9*-]+)+$/i.test(entry);
    if (!ok) throw new AppError('validation', 'invalid media host entry', { retryable: false });
  }
}

function hostPattern(entry: string): RegExp {
  const escaped = entry
    .toLowerCase()
    .split('.')
    .map((label) => label.replace(/[^a-z0-9*-]/g, '').replace(/\*/g, '[a-z0-9-]*'))
    .join('\\.');
  // "*." at the start: one or more subdomain labels.
  return new RegExp(`^${escaped.replace(/^\[a-z0-9-\]\*\\\./, '(?:[a-z0-9-]+\\.)+')}$`);
}

const isIpLiteral = (host: string) => /^\[.*\]$/.test(host) || /^\d{1,3}(?:\.\d{1,3}){3}$/.test(host);

/**
 * Throws unless `url` may be fetched: https on the default port to an allowed host name, or an
 * exact allowed origin. No credentials in the URL, no IP literals unless an origin entry names one.
 */
export function assertMediaUrl(url: string | URL, allow: readonly string[] = DEFAULT_MEDIA_HOSTS): URL {
  // (Only http(s) at all: a webhook must not make MAX read file: or data: URLs.)
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new AppError('validation', 'invalid media URL', { retryable: false });
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:')
    throw new AppError('validation', 'media URL must be http(s)', { retryable: false });
  if (u.username || u.password) throw refused('credentials');
  for (const entry of allow) {
    if (entry.includes('://')) {
      if (new URL(entry).origin === u.origin) return u;
    } else if (u.protocol === 'https:' && u.port === '' && !isIpLiteral(u.hostname)) {
      if (hostPattern(entry).test(u.hostname)) return u;
    }
  }
  throw refused(u.protocol !== 'https:' ? 'not_https' : isIpLiteral(u.hostname) ? 'ip_literal' : 'host');
}

const tooLarge = (maxBytes: number) =>
  new AppError('payload_too_large', 'media file too large', { retryable: false, details: { maxBytes } });

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

/**
 * The bytes behind a media URL. Fetched hop by hop (`redirect: 'manual'`): every redirect target is
 * checked against the allow-list before any request goes to it, where fetch's own redirect handling
 * would follow it blindly; at most MAX_MEDIA_REDIRECTS hops, and `maxBytes` on the final body.
 */
export async function downloadMedia(
  ctx: CallContext,
  url: string,
  o: { mediaHosts: readonly string[]; maxBytes: number },
): Promise<ArrayBuffer> {
  let target = assertMediaUrl(url, o.mediaHosts);
  for (let hop = 0; ; hop++) {
    const logFields: Record<string, unknown> = { hop };
    // Media URLs are signed too: scrub the query string from any error text.
    const secrets = [...ctx.secrets, ...(target.search.length > 1 ? [target.search] : [])];
    const res = await callGreenApi(
      { ...ctx, secrets },
      {
        method: 'downloadMedia',
        url: target.href,
        init: { method: 'GET', redirect: 'manual' },
        logFields,
        accept: (status) => status >= 300 && status < 400,
        read: async (r): Promise<{ bytes: ArrayBuffer } | { location: string | null }> => {
          if (r.status >= 300 && r.status < 400) {
            await r.body?.cancel().catch(() => undefined);
            return { location: r.headers.get('location') };
          }
          const bytes = await readCapped(r, o.maxBytes);
          logFields.bytes = bytes.byteLength;
          return { bytes };
        },
      },
    );
    if ('bytes' in res) return res.bytes;
    if (!res.location || hop >= MAX_MEDIA_REDIRECTS)
      throw new AppError('upstream', 'media download: too many or empty redirects', { retryable: false });
    target = assertMediaUrl(new URL(res.location, target), o.mediaHosts);
  }
}
