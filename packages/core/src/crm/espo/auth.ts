import { hmacSha256, toBase64, utf8 } from '../../shared/crypto.ts';

export type EspoAuth =
  | { kind: 'apikey'; apiKey: string }
  | { kind: 'hmac'; apiKey: string; secretKey: string }
  | { kind: 'basic'; username: string; password: string };

const b64 = (s: string) => toBase64(utf8(s));

/**
 * Headers for one request. HMAC signs "<METHOD> <path after /api/v1>" with the raw binary digest,
 * the form every EspoCRM 8.x–10.x accepts. Basic auth logs in once, then reuses the token.
 */
export async function authHeaders(
  auth: EspoAuth,
  method: string,
  path: string,
  token: string | null,
): Promise<Record<string, string>> {
  switch (auth.kind) {
    case 'apikey':
      return { 'X-Api-Key': auth.apiKey };
    case 'hmac': {
      const digest = await hmacSha256(auth.secretKey, `${method} ${path}`);
      const key = utf8(`${auth.apiKey}:`);
      const joined = new Uint8Array(key.length + digest.length);
      joined.set(key);
      joined.set(digest, key.length);
      return { 'X-Hmac-Authorization': toBase64(joined) };
    }
    case 'basic':
      return token
        ? { 'Espo-Authorization': b64(`${auth.username}:${token}`), 'Espo-Authorization-By-Token': 'true' }
        : { 'Espo-Authorization': b64(`${auth.username}:${auth.password}`) };
  }
}
