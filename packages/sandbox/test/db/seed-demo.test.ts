import {
  type BeginTurnInput,
  createMemoryLogger,
  createPostgresStore,
  decryptSecret,
  type Keyring,
  secretAad,
} from '@max/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DEMO_TENANT, seedDemo, type TestDatabase } from '../../src/db/index.ts';

const keyring: Keyring = { activeKeyId: 'dev1', keys: { dev1: btoa('d'.repeat(32)) } };

describe('demo seed', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.close());

  it('creates the French demo tenant with its admin and member, readable through the store', async () => {
    await seedDemo(db.admin, { keyring, secrets: { crm_api_key: 'demo-espo-key' } });
    await seedDemo(db.admin, { keyring, secrets: { crm_api_key: 'demo-espo-key' } }); // idempotent
    const store = createPostgresStore({ sql: db.sql, logger: createMemoryLogger() });
    // What a message from each demo sender loads: the tenant (from the instance), the sender, the secrets.
    const turn = (chatId: string, idMessage: string): BeginTurnInput => ({
      instance: '1101000001',
      channel: 'whatsapp',
      idMessage,
      chatId,
      senderId: chatId,
      sessionKey: chatId,
      typeMessage: 'textMessage',
      waTimestamp: 1,
      requestId: idMessage,
      content: { kind: 'text', text: 'derniers leads' },
      leaseMs: 10_000,
      settleMs: 0,
      burstWindowMs: 0,
      burstMaxWaitMs: 0,
    });
    const member = await store.beginTurn(turn(DEMO_TENANT.member, 'SEED-M'));
    if (member.outcome !== 'claimed') throw new Error(`expected a claim, got ${member.outcome}`);
    const ctx = member.context;
    expect(member.tenantId).toBe('demo');
    expect(ctx.tenant).toMatchObject({
      id: 'demo',
      locale: 'fr',
      defaultCountry: 'FR',
      crmMode: 'dedicated',
      crmBaseUrl: 'http://127.0.0.1:8090',
      crmAuthMode: 'apikey',
    });
    expect(ctx.sender).toMatchObject({ chatId: '33600000002@c.us', role: 'member' });
    const admin = await store.beginTurn(turn(DEMO_TENANT.admin, 'SEED-A'));
    expect(admin.outcome === 'claimed' && admin.context.sender?.role).toBe('admin');
    expect(ctx.secrets).toHaveLength(1);
    const [secret] = ctx.secrets!;
    expect(secret!.ciphertext).not.toContain('demo-espo-key');
    expect(await decryptSecret(keyring, secret!.ciphertext, secretAad('demo', 'crm_api_key'))).toBe(
      'demo-espo-key',
    );
  });

  it('refuses to store secrets without a keyring', async () => {
    await expect(seedDemo(db.admin, { secrets: { crm_api_key: 'x' } })).rejects.toThrow(/keyring/);
  });
});
