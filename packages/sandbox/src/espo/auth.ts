import { createHmac, timingSafeEqual } from 'node:crypto';

export interface EspoUser {
  id: string;
  userName: string;
  type: 'admin' | 'regular' | 'api';
  password?: string;
  apiKey?: string;
  secretKey?: string;
  authMethod?: 'ApiKey' | 'Hmac';
  tokens: Set<string>;
  name?: string;
  lastName?: string;
  createdAt?: string;
  createdById?: string;
  createdByName?: string;
  rolesIds?: string[];
}

const eq = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * EspoCRM's authentication order: Espo-Authorization (or Basic) wins over API key / HMAC.
 * Returns the user, 'none' when no credentials were sent, or 'bad'.
 */
export function authenticate(
  headers: Headers,
  method: string,
  path: string,
  users: EspoUser[],
): EspoUser | 'none' | 'bad' {
  const espo = headers.get('espo-authorization') ?? undefined;
  const basic = headers.get('authorization')?.match(/^Basic\s+(.+)$/i)?.[1];
  const userPass = espo ?? basic;
  if (userPass) {
    const decoded = Buffer.from(userPass, 'base64').toString('utf8');
    const i = decoded.indexOf(':');
    if (i < 0) return 'bad';
    const name = decoded.slice(0, i);
    const secret = decoded.slice(i + 1);
    const user = users.find((u) => u.userName === name && u.type !== 'api');
    if (!user) return 'bad';
    if (user.password && eq(user.password, secret)) return user;
    if (user.tokens.has(secret)) return user;
    return 'bad';
  }
  const apiKey = headers.get('x-api-key') ?? undefined;
  if (apiKey)
    return users.find((u) => u.authMethod === 'ApiKey' && u.apiKey && eq(u.apiKey, apiKey)) ?? 'bad';
  const hmac = headers.get('x-hmac-authorization') ?? undefined;
  if (hmac) {
    const decoded = Buffer.from(hmac, 'base64');
    const colon = decoded.indexOf(':');
    if (colon < 0) return 'bad';
    const key = decoded.subarray(0, colon).toString('utf8');
    const digest = decoded.subarray(colon + 1);
    const user = users.find((u) => u.authMethod === 'Hmac' && u.apiKey === key);
    if (!user?.secretKey) return 'bad';
    // Signed string: "<METHOD> <path after /api/v1>"; the query string is not signed.
    const expected = createHmac('sha256', user.secretKey).update(`${method} ${path}`).digest();
    const ok =
      (digest.length === 32 && timingSafeEqual(digest, expected)) ||
      digest.toString('utf8') === expected.toString('hex');
    return ok ? user : 'bad';
  }
  return 'none';
}
