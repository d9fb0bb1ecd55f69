import type { Logger } from '@max/core/shared';

/**
 * One rate-limit check. A limiter that errors must not refuse work (a dropped webhook or a locked
 * out user is worse than a burst): it fails open, loudly.
 */
export async function allowed(rl: RateLimit, key: string, log: Logger, requestId: string): Promise<boolean> {
  try {
    return (await rl.limit({ key })).success;
  } catch (e) {
    log.warn('ratelimit.unavailable', { requestId, error: (e as Error)?.name ?? 'error' });
    return true;
  }
}
