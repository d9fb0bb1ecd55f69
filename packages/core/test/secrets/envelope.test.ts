import {
  decryptSecret,
  encryptSecret,
  generateKeyBase64,
  keyringSchema,
  needsRotation,
  parseKeyring,
  reencrypt,
  reencryptSecret,
  secretAad,
} from '@max/core';
import { describe, expect, it } from 'vitest';

const k1 = generateKeyBase64();
const k2 = generateKeyBase64();
const ring1 = keyringSchema.parse({ activeKeyId: 'k1', keys: { k1 } });
const ring12 = keyringSchema.parse({ activeKeyId: 'k2', keys: { k1, k2 } });
const aad = secretAad('acme', 'crm_api_key');

describe('AES-256-GCM envelope secrets', () => {
  it('round-trips, with a fresh IV and data key each time', async () => {
    const a = await encryptSecret(ring1, 'espo-key-éà', aad);
    const b = await encryptSecret(ring1, 'espo-key-éà', aad);
    expect(a).not.toBe(b);
    expect(a.startsWith('v1.k1.')).toBe(true);
    expect(a).not.toContain('espo-key');
    expect(await decryptSecret(ring1, a, aad)).toBe('espo-key-éà');
  });

  it('rejects tampered ciphertext', async () => {
    const c = await encryptSecret(ring1, 'secret', aad);
    const parts = c.split('.');
    const last = parts[5]!;
    parts[5] = (last[0] === 'A' ? 'B' : 'A') + last.slice(1);
    await expect(decryptSecret(ring1, parts.join('.'), aad)).rejects.toThrow(
      'ciphertext tampered or wrong key',
    );
  });

  it('rejects a wrong key with the same id', async () => {
    const c = await encryptSecret(ring1, 'secret', aad);
    const other = keyringSchema.parse({ activeKeyId: 'k1', keys: { k1: k2 } });
    await expect(decryptSecret(other, c, aad)).rejects.toThrow('ciphertext tampered or wrong key');
  });

  it('rejects an unknown key id and malformed input', async () => {
    const c = await encryptSecret(ring12, 'secret', aad);
    await expect(decryptSecret(ring1, c, aad)).rejects.toThrow('unknown key id k2');
    await expect(decryptSecret(ring1, 'plaintext', aad)).rejects.toThrow('malformed ciphertext');
  });

  it("is bound to its tenant and name: another tenant's row does not decrypt", async () => {
    const c = await encryptSecret(ring1, 'secret', aad);
    await expect(decryptSecret(ring1, c, secretAad('globex', 'crm_api_key'))).rejects.toThrow(
      'ciphertext tampered or wrong key',
    );
    await expect(decryptSecret(ring1, c, secretAad('acme', 'greenapi_token'))).rejects.toThrow(
      'ciphertext tampered or wrong key',
    );
  });

  it('rotates without downtime: old ids decrypt, reencrypt moves to the active id', async () => {
    const old = await encryptSecret(ring1, 'secret', aad);
    expect(needsRotation(ring12, old)).toBe(true);
    expect(await decryptSecret(ring12, old, aad)).toBe('secret');
    const rotated = await reencryptSecret(ring12, old, aad);
    expect(rotated.startsWith('v1.k2.')).toBe(true);
    expect(needsRotation(ring12, rotated)).toBe(false);
    expect(await decryptSecret(ring12, rotated, aad)).toBe('secret');
    expect(await reencryptSecret(ring12, rotated, aad)).toBe(rotated);
  });

  it('validates the keyring', () => {
    expect(keyringSchema.safeParse({ activeKeyId: 'k9', keys: { k1 } }).success).toBe(false);
    expect(keyringSchema.safeParse({ activeKeyId: 'k1', keys: { k1: btoa('short') } }).success).toBe(false);
  });

  it('rejects malformed stored strings with a clear error, before any crypto', async () => {
    const good = await encryptSecret(ring1, 'secret', aad);
    const parts = good.split('.');
    const cases = [
      '',
      `v2${good.slice(2)}`, // unknown version
      parts.slice(0, 5).join('.'), // a part missing
      [...parts.slice(0, 4), '!!!!', parts[5]].join('.'), // not base64url
      [...parts.slice(0, 4), 'AAAA', parts[5]].join('.'), // IV of the wrong length
    ];
    for (const c of cases) {
      await expect(decryptSecret(ring1, c, aad)).rejects.toMatchObject({
        code: 'bad_request',
        message: 'malformed ciphertext',
      });
    }
  });

  it('errors carry the key id but never the plaintext or key material', async () => {
    const c = await encryptSecret(ring1, 'hunter2-secret', aad);
    const other = keyringSchema.parse({ activeKeyId: 'k1', keys: { k1: k2 } });
    const err = await decryptSecret(other, c, aad).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'internal', retryable: false, details: { keyId: 'k1' } });
    const text = JSON.stringify({ m: (err as Error).message, d: (err as { details?: unknown }).details });
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain(k1);
    expect(text).not.toContain(k2);
  });

  it('reencrypt is the same rotation under its short name', async () => {
    const old = await encryptSecret(ring1, 's', aad);
    expect((await reencrypt(ring12, old, aad)).startsWith('v1.k2.')).toBe(true);
  });

  it('parses a keyring from JSON without echoing keys in errors', () => {
    expect(parseKeyring(JSON.stringify({ activeKeyId: 'k1', keys: { k1 } })).activeKeyId).toBe('k1');
    expect(() => parseKeyring('{not json')).toThrow('keyring is not valid JSON');
    const bad = btoa('x'.repeat(31));
    let message = '';
    try {
      parseKeyring(JSON.stringify({ activeKeyId: 'k1', keys: { k1: bad } }));
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/invalid keyring: .*32 bytes/);
    expect(message).not.toContain(bad);
  });
});
