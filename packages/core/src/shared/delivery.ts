/**
 * Whether a failed write may have been applied. 'not_sent': certainly not (refused before sending,
 * no connection, or an answer that says nothing was done); 'unknown': it may have been (timeout,
 * connection lost after sending, 5xx, unreadable success). A caller may resend a 'not_sent' write;
 * an 'unknown' one must first be looked up where it would have landed.
 */
export type Delivery = 'not_sent' | 'unknown';

// Node (undici) puts these codes on the error's cause; Deno and workerd say it in the message.
const CONNECT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']);
const CONNECT_TEXT =
  /connection refused|ECONNREFUSED|ENOTFOUND|EAI_AGAIN|dns error|failed to lookup address|tcp connect error|client error \(Connect\)/i;

function codes(e: unknown, depth = 0): string[] {
  if (!e || typeof e !== 'object' || depth > 3) return [];
  const o = e as { code?: unknown; cause?: unknown; errors?: unknown };
  const own = typeof o.code === 'string' ? [o.code] : [];
  const nested = Array.isArray(o.errors) ? o.errors.flatMap((x) => codes(x, depth + 1)) : [];
  return [...own, ...nested, ...codes(o.cause, depth + 1)];
}

function messages(e: unknown, depth = 0): string {
  if (!e || typeof e !== 'object' || depth > 3) return '';
  const o = e as { message?: unknown; cause?: unknown };
  return `${typeof o.message === 'string' ? o.message : ''} ${messages(o.cause, depth + 1)}`;
}

/**
 * True when a thrown fetch error proves no byte of the request reached the server (no connection
 * was made). Anything else — timeouts, resets, "fetch failed" without a cause — counts as maybe sent.
 */
export function failedBeforeSending(e: unknown): boolean {
  const name = (e as Error)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return false;
  const found = codes(e);
  if (found.length) return found.every((c) => CONNECT_CODES.has(c));
  return CONNECT_TEXT.test(messages(e));
}

/** What an HTTP answer says about a write: a 4xx refused it (nothing applied), a 5xx may hide a success. */
export const deliveryOfStatus = (status: number): Delivery =>
  status >= 400 && status < 500 ? 'not_sent' : 'unknown';
