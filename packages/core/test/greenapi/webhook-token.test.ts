import { deriveWebhookToken, hmacSha256, toHex, verifyWebhookToken } from '@max/core';
import { describe, expect, it } from 'vitest';

const SECRET = 'master-secret-0123456789abcdef0123456789';

describe('webhook tokens', () => {
  it('is hex(HMAC-SHA256(secret, idInstance)), the same for a number and its string', async () => {
    const t = await deriveWebhookToken(SECRET, 1101000001);
    expect(t).toMatch(/^[0-9a-f]{64}$/);
    expect(t).toBe(toHex(await hmacSha256(SECRET, '1101000001')));
    expect(await deriveWebhookToken(SECRET, '1101000001')).toBe(t);
  });

  it('matches an independent HMAC (node:crypto)', async () => {
    const { createHmac } = await import('node:crypto');
    const expected = createHmac('sha256', SECRET).update('1101000001').digest('hex');
    expect(await deriveWebhookToken(SECRET, 1101000001)).toBe(expected);
  });

  it('differs per instance and per secret', async () => {
    const a = await deriveWebhookToken(SECRET, 1101000001);
    expect(await deriveWebhookToken(SECRET, 1101000002)).not.toBe(a);
    expect(await deriveWebhookToken(`${SECRET}x`, 1101000001)).not.toBe(a);
  });

  it('accepts Bearer (any case) and the bare token', async () => {
    const t = await deriveWebhookToken(SECRET, '1101000001');
    for (const h of [`Bearer ${t}`, `bearer ${t}`, t, `  Bearer   ${t}  `]) {
      expect(await verifyWebhookToken(SECRET, '1101000001', h)).toBe(true);
    }
  });

  it('refuses missing, empty, wrong, truncated and other-instance tokens', async () => {
    const t = await deriveWebhookToken(SECRET, '1101000001');
    const other = await deriveWebhookToken(SECRET, '1101000002');
    for (const h of [
      null,
      '',
      'Bearer',
      'Bearer ',
      `Bearer ${other}`,
      t.slice(0, 63),
      `${t}0`,
      t.toUpperCase(),
    ]) {
      expect(await verifyWebhookToken(SECRET, '1101000001', h)).toBe(false);
    }
    expect(await verifyWebhookToken('another-master-secret-0123456789abcdef', '1101000001', t)).toBe(false);
  });
});
