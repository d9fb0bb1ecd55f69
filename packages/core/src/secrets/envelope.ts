import { fromBase64, utf8 } from '../shared/crypto.ts';
import { AppError } from '../shared/errors.ts';
import type { Keyring } from './keyring.ts';

/**
 * AES-256-GCM envelope encryption with WebCrypto (workerd, Deno and Node): each secret gets its
 * own data key, wrapped by the keyring's key-encryption key. Stored form:
 *   v1.<keyId>.<iv of wrap>.<wrapped data key>.<iv>.<ciphertext>   (base64url parts)
 * The AAD binds the ciphertext to its tenant and name: copied elsewhere, it does not decrypt.
 */
const b64u = (b: Uint8Array) => {
  let s = '';
  for (const x of b) s += String.fromCharCode(x);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};
// Copied into a fresh ArrayBuffer: WebCrypto's BufferSource type wants exactly that.
const unb64u = (s: string): Uint8Array<ArrayBuffer> =>
  new Uint8Array(fromBase64(s.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (s.length % 4)) % 4)));

export const secretAad = (tenantId: string, name: string) => `max:${tenantId}:${name}`;

async function kek(keyring: Keyring, keyId: string): Promise<CryptoKey> {
  const raw = keyring.keys[keyId];
  if (!raw)
    throw new AppError('internal', `unknown key id ${keyId}`, { retryable: false, details: { keyId } });
  return crypto.subtle.importKey('raw', fromBase64(raw), 'AES-GCM', false, ['encrypt', 'decrypt']);
}

export async function encryptSecret(keyring: Keyring, plaintext: string, aad: string): Promise<string> {
  const keyId = keyring.activeKeyId;
  const dek = crypto.getRandomValues(new Uint8Array(32));
  const wrapIv = crypto.getRandomValues(new Uint8Array(12));
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const additionalData = utf8(`${aad}|${keyId}`);
  const wrapped = new Uint8Array(
    await crypto.subtle.encrypt(
      { name: 'AES-GCM', iv: wrapIv, additionalData },
      await kek(keyring, keyId),
      dek,
    ),
  );
  const dataKey = await crypto.subtle.importKey('raw', dek, 'AES-GCM', false, ['encrypt']);
  const ct = new Uint8Array(
    await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData }, dataKey, utf8(plaintext)),
  );
  return ['v1', keyId, b64u(wrapIv), b64u(wrapped), b64u(iv), b64u(ct)].join('.');
}

const malformed = () => new AppError('bad_request', 'malformed ciphertext', { retryable: false });
const B64U = /^[A-Za-z0-9_-]+$/;

interface StoredParts {
  keyId: string;
  wrapIv: Uint8Array<ArrayBuffer>;
  wrapped: Uint8Array<ArrayBuffer>;
  iv: Uint8Array<ArrayBuffer>;
  ct: Uint8Array<ArrayBuffer>;
}

function parseStored(stored: string): StoredParts {
  const parts = stored.split('.');
  if (parts.length !== 6 || parts[0] !== 'v1' || !parts.slice(1).every((p) => B64U.test(p)))
    throw malformed();
  const [, keyId, wrapIv, wrapped, iv, ct] = parts as [string, string, string, string, string, string];
  try {
    const out = { keyId, wrapIv: unb64u(wrapIv), wrapped: unb64u(wrapped), iv: unb64u(iv), ct: unb64u(ct) };
    // 12-byte IVs; a wrapped 32-byte key is 48 bytes with its tag; a GCM tag alone is 16.
    if (out.wrapIv.length !== 12 || out.iv.length !== 12 || out.wrapped.length !== 48 || out.ct.length < 16)
      throw malformed();
    return out;
  } catch {
    throw malformed();
  }
}

export const keyIdOf = (stored: string): string => parseStored(stored).keyId;

export async function decryptSecret(keyring: Keyring, stored: string, aad: string): Promise<string> {
  const { keyId, wrapIv, wrapped, iv, ct } = parseStored(stored);
  const additionalData = utf8(`${aad}|${keyId}`);
  const key = await kek(keyring, keyId);
  try {
    const dek = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: wrapIv, additionalData }, key, wrapped);
    const dataKey = await crypto.subtle.importKey('raw', dek, 'AES-GCM', false, ['decrypt']);
    const pt = await crypto.subtle.decrypt({ name: 'AES-GCM', iv, additionalData }, dataKey, ct);
    return new TextDecoder().decode(pt);
  } catch {
    throw new AppError('internal', 'ciphertext tampered or wrong key', {
      retryable: false,
      details: { keyId },
    });
  }
}

export const needsRotation = (keyring: Keyring, stored: string) => keyIdOf(stored) !== keyring.activeKeyId;

/** Rotation: decrypt under the old key id, encrypt under the active one. */
export async function reencryptSecret(keyring: Keyring, stored: string, aad: string): Promise<string> {
  if (!needsRotation(keyring, stored)) return stored;
  return encryptSecret(keyring, await decryptSecret(keyring, stored, aad), aad);
}

/** The brief's name for {@link reencryptSecret}. */
export const reencrypt = reencryptSecret;
