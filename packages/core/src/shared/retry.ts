/**
 * The one backoff formula for every outbound call (CRM, Green-API, model, queue redeliveries):
 * exponential with "equal jitter" (half the window fixed, half random), so retries from many
 * senders spread out but never fire at once, and a server's Retry-After always wins when longer.
 */
export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
  random: () => number;
}

/** Delay before retry number `retry` (1 = the first retry). */
export function backoffDelay(retry: number, o: BackoffOptions): number {
  const window = Math.min(o.baseMs * 2 ** Math.max(0, retry - 1), o.maxMs);
  return Math.round(window / 2 + o.random() * (window / 2));
}

/** Retry-After in seconds or as an HTTP date; null when absent or unreadable. */
export function retryAfterMs(header: string | null | undefined, now: Date): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - now.getTime());
}

/** The wait before the next attempt: the backoff, or the server's Retry-After when it asks for longer (capped). */
export function nextDelayMs(
  retry: number,
  o: BackoffOptions & { retryAfter?: string | null; now?: Date; capMs?: number },
): number {
  const backoff = backoffDelay(retry, o);
  const hinted = o.now ? retryAfterMs(o.retryAfter, o.now) : null;
  const delay = hinted !== null ? Math.max(backoff, hinted) : backoff;
  return Math.min(delay, o.capMs ?? Number.POSITIVE_INFINITY);
}
