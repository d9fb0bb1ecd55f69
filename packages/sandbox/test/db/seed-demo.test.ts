import {
  createMemoryLogger,
  createPostgresStore,
  decryptSecret,
  type Keyring,
  secretAad,
  systemClock,
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
    const store = createPostgresStore({ sql: db.sql, clock: systemClock, logger: createMemoryLogger() });
    expect(await store.resolveTenantByInstance('1101000001')).toEqual({ id: 'demo', status: 'active' });
    const ctx = await store.forTenant('demo').loadContext(DEMO_TENANT.member);
    expect(ctx.tenant).toMatchObject({
      id: 'demo',
      locale: 'fr',
      defaultCountry: 'FR',
      crmMode: 'dedicated',
      crmBaseUrl: 'http://127.0.0.1:8090',
      crmAuthMode: 'apikey',
    });
    expect(ctx.sender).toMatchObject({ chatId: '33600000002@c.us', role: 'member' });
    const admin = await store.forTenant('demo').loadContext(DEMO_TENANT.admin);
    expect(admin.sender?.role).toBe('admin');
    expect(ctx.secrets).toHaveLength(1);
    const [secret] = ctx.secrets;
    expect(secret!.ciphertext).not.toContain('demo-espo-key');
    expect(await decryptSecret(keyring, secret!.ciphertext, secretAad('demo', 'crm_api_key'))).toBe(
      'demo-espo-key',
    );
  });

  it('refuses to store secrets without a keyring', async () => {
    await expect(seedDemo(db.admin, { secrets: { crm_api_key: 'x' } })).rejects.toThrow(/keyring/);
  });
});
