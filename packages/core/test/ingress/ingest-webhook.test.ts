import { deriveWebhookToken } from '@max/core/greenapi/webhook';
import { checkWebhookToken, ingestWebhook } from '@max/core/ingress';
import { describe, expect, it } from 'vitest';
import { ID_INSTANCE, message, messageData } from '../greenapi/fixtures.ts';

const SECRET = 'ingest-test-secret-0123456789abcdef0123';

async function ingest(body: string, authorization?: string | null) {
  return ingestWebhook({
    contentType: 'application/json',
    contentLength: String(body.length),
    authorization:
      authorization === undefined ? `Bearer ${await deriveWebhookToken(SECRET, ID_INSTANCE)}` : authorization,
    readBody: async () => body,
    secret: SECRET,
  });
}
const withExtra = (extra: string) => {
  const json = JSON.stringify(message('incomingMessageReceived', messageData.textMessage));
  return `${json.slice(0, -1)},"extra":${extra}}`;
};

describe('ingestWebhook', () => {
  it('accepts a valid webhook with its instance token', async () => {
    expect(
      await ingest(JSON.stringify(message('incomingMessageReceived', messageData.textMessage))),
    ).toMatchObject({
      kind: 'accept',
      action: 'inbound',
      idInstance: String(ID_INSTANCE),
    });
  });

  it('40,000 levels of nesting → reject 400 with the reason, before anything walks it', async () => {
    const d = await ingest(withExtra(`${'['.repeat(40_000)}1${']'.repeat(40_000)}`));
    expect(d).toEqual({
      kind: 'reject',
      status: 400,
      code: 'bad_request',
      reason: 'Body nests deeper than 32 levels',
    });
    // Within the limit, the same shape is fine.
    expect(await ingest(withExtra(`${'['.repeat(20)}1${']'.repeat(20)}`))).toMatchObject({ kind: 'accept' });
  });

  it('the instance token: right one accepted (also bare), others refused', async () => {
    const token = await deriveWebhookToken(SECRET, ID_INSTANCE);
    const body = JSON.stringify(message('incomingMessageReceived', messageData.textMessage));
    expect((await ingest(body, token)).kind).toBe('accept');
    for (const auth of [null, '', 'Bearer nope', `Bearer ${await deriveWebhookToken(SECRET, 42)}`]) {
      expect(await ingest(body, auth)).toMatchObject({ kind: 'reject', status: 401 });
    }
  });
});

describe('checkWebhookToken (derived once per instance and isolate)', () => {
  it('gives the same answers as the derivation, for many instances and after a secret change', async () => {
    for (let i = 0; i < 1100; i += 137) {
      const id = String(1101000000 + i);
      const token = await deriveWebhookToken(SECRET, id);
      expect(await checkWebhookToken(SECRET, id, `Bearer ${token}`)).toBe(true);
      expect(await checkWebhookToken(SECRET, id, `Bearer ${token}`)).toBe(true);
      expect(
        await checkWebhookToken(
          SECRET,
          id,
          token.replace(/^./, (c) => (c === 'a' ? 'b' : 'a')),
        ),
      ).toBe(false);
    }
    const other = 'another-secret-0123456789abcdef-0123456';
    const id = String(ID_INSTANCE);
    const oldToken = await deriveWebhookToken(SECRET, id);
    expect(await checkWebhookToken(other, id, oldToken)).toBe(false);
    expect(await checkWebhookToken(other, id, await deriveWebhookToken(other, id))).toBe(true);
    expect(await checkWebhookToken(SECRET, id, oldToken)).toBe(true);
  });

  it('stays correct past its 1,024-instance bound (old entries are evicted, not trusted)', async () => {
    const secret = 'bounded-secret-0123456789abcdef-0123456';
    const first = await deriveWebhookToken(secret, '1');
    expect(await checkWebhookToken(secret, '1', first)).toBe(true);
    for (let i = 2; i < 1100; i++) await checkWebhookToken(secret, String(i), 'x');
    expect(await checkWebhookToken(secret, '1', first)).toBe(true);
    expect(await checkWebhookToken(secret, '1', 'x')).toBe(false);
  });
});
