export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
  random: () => number;
}

/**
 * Exponential backoff with "equal jitter": half of the window is fixed, half random, so retries
 * from many senders spread out but never fire at once.
 */
export function backoffDelay(retry: number, o: BackoffOptions): number {
  const window = Math.min(o.baseMs * 2 ** Math.max(0, retry - 1), o.maxMs);
  return Math.round(window / 2 + o.random() * (window / 2));
}

/** Retry-After in seconds or as an HTTP date; null when absent or unreadable. */
export function retryAfterMs(header: string | null, now: Date): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - now.getTime());
}
