import { createLocalJWKSet, errors, type JWTVerifyGetKey } from 'jose';
import type { FetchLike } from '../shared/clock.ts';
import { AppError } from '../shared/errors.ts';

export interface JwksOptions {
  /** How soon after a fetch a token with an unknown key id may trigger another fetch (default 30 s). */
  cooldownMs?: number;
  /** Keys are refetched at least this often (default 10 minutes). */
  cacheMaxAgeMs?: number;
  timeoutMs?: number;
  fetch?: FetchLike;
  now?: () => number;
}

const resolvers = new Map<string, JWTVerifyGetKey>();

const unavailable = (why: string, cause?: unknown) =>
  new AppError('unavailable', `Signing keys unavailable: ${why}`, { cause });

/**
 * The project's signing keys, fetched from its JWKS URL and cached per isolate (one resolver per
 * URL and settings): a rotated key is picked up at the first token that names it, without a
 * redeploy, and a flood of unknown key ids costs at most one fetch per cooldown. Same rules as
 * jose's createRemoteJWKSet, whose internal `return promise` rejections workerd reports as
 * unhandled; here every rejection is awaited where it happens.
 */
export function supabaseJwks(jwksUrl: string, o: JwksOptions = {}): JWTVerifyGetKey {
  const id = `${jwksUrl} ${o.cooldownMs ?? ''} ${o.cacheMaxAgeMs ?? ''} ${o.timeoutMs ?? ''}`;
  const known = o.fetch || o.now ? undefined : resolvers.get(id);
  if (known) return known;
  const cooldownMs = o.cooldownMs ?? 30_000;
  const maxAgeMs = o.cacheMaxAgeMs ?? 600_000;
  const now = o.now ?? Date.now;
  const doFetch = o.fetch ?? fetch;
  let local: ReturnType<typeof createLocalJWKSet> | null = null;
  let fetchedAt = Number.NEGATIVE_INFINITY;

  const reload = async (): Promise<ReturnType<typeof createLocalJWKSet>> => {
    let res: Response;
    try {
      res = await doFetch(jwksUrl, {
        headers: { accept: 'application/json, application/jwk-set+json' },
        redirect: 'manual',
        signal: AbortSignal.timeout(o.timeoutMs ?? 5_000),
      });
    } catch (e) {
      throw unavailable((e as Error)?.name === 'TimeoutError' ? 'timeout' : 'network', e);
    }
    if (res.status !== 200) {
      await res.body?.cancel();
      throw unavailable(`status ${res.status}`);
    }
    try {
      local = createLocalJWKSet(await res.json());
    } catch (e) {
      throw unavailable('not a JSON Web Key Set', e);
    }
    fetchedAt = now();
    return local;
  };

  const resolver: JWTVerifyGetKey = async (header, token) => {
    const keys = local && now() - fetchedAt < maxAgeMs ? local : await reload();
    try {
      return await keys(header, token);
    } catch (e) {
      // An unknown key id may be a rotation: look again, unless we just did.
      if (!(e instanceof errors.JWKSNoMatchingKey) || now() - fetchedAt < cooldownMs) throw e;
      const fresh = await reload();
      return await fresh(header, token);
    }
  };
  // A resolver with an injected fetch or clock belongs to its caller (tests): not shared.
  if (!o.fetch && !o.now) resolvers.set(id, resolver);
  return resolver;
}
