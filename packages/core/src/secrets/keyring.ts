import { z } from 'zod';
import { fromBase64 } from '../shared/crypto.ts';
import { AppError } from '../shared/errors.ts';

/** Key-encryption keys by id; new secrets use the active one, old ids keep decrypting. */
export const keyringSchema = z
  .object({
    activeKeyId: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/),
    keys: z.record(
      z.string().regex(/^[A-Za-z0-9_-]{1,32}$/),
      z.string().refine((k) => {
        try {
          return fromBase64(k).length === 32;
        } catch {
          return false;
        }
      }, 'each key must be 32 bytes, base64'),
    ),
  })
  .refine((k) => k.keys[k.activeKeyId] !== undefined, { message: 'activeKeyId must be one of keys' });

export type Keyring = z.infer<typeof keyringSchema>;

export function generateKeyBase64(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

/**
 * Parses a keyring from its JSON env value. The error names the problem, never the key material.
 */
export function parseKeyring(json: string): Keyring {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new AppError('internal', 'keyring is not valid JSON', { retryable: false });
  }
  const parsed = keyringSchema.safeParse(raw);
  if (!parsed.success)
    throw new AppError(
      'internal',
      `invalid keyring: ${parsed.error.issues.map((i) => i.message).join('; ')}`,
      {
        retryable: false,
      },
    );
  return parsed.data;
}
