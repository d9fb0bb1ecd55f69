import { createMemoryLogger, createPostgresStore, type Store } from '@max/core';
import { createTestDatabase, type TestDatabase } from '@max/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimed, commitOf, whatsapp } from './fixtures.ts';
import { agentClaims, asClaims, INSTANCES, personClaims, SHARED_CHAT, seedTwoTenants } from './seed.ts';

/**
 * Issue 14 §1 in SQL: tenant memory under RLS as the agent's role (`max_agent`, tenant A's claim)
 * and as a signed-in admin of A, its limits enforced by the database whoever writes, the audit of
 * writes made outside the agent, and the sender's own facts committed with a turn.
 */
describe('tenant memory in SQL', () => {
  let db: TestDatabase;
  let store: Store;
  const A = agentClaims('alpha');
  const refused = async <T>(run: () => Promise<T>) => {
    try {
      await run();
      return 'accepted';
    } catch (e) {
      return (e as { code?: string }).code ?? 'error';
    }
  };
  beforeAll(async () => {
    db = await createTestDatabase();
    await seedTwoTenants(db.admin);
    await db.admin`insert into tenant_memory (tenant_id, key, value) values
      ('beta', 'profile.sector', 'beta-only sector'), ('beta', 'note.1', 'beta-only note')`;
    store = createPostgresStore({ sql: db.sql, logger: createMemoryLogger() });
  });
  afterAll(() => db.close());

  const count = async (tenant: string) =>
    (await db.admin`select count(*)::int as n from tenant_memory where tenant_id = ${tenant}`)[0]!
      .n as number;

  it("isolation: with alpha's claim, beta's memory cannot be read, written, replaced or forgotten", async () => {
    for (const [role, claims] of [
      ['max_agent', A],
      ['authenticated', personClaims('alpha', 'viewer')],
    ] as const) {
      const seen = await asClaims(
        db.sql,
        role,
        claims,
        (tx) => tx`select tenant_id, key, value from tenant_memory`,
      );
      expect(seen.map((r) => r.tenant_id)).toEqual(['alpha']);
      expect(JSON.stringify(seen)).not.toContain('beta-only');
    }
    // An admin of alpha changes alpha's memory only: the function takes no tenant, the claim's is used.
    await asClaims(db.sql, 'authenticated', personClaims('alpha', 'admin'), async (tx) => {
      await tx`select public.set_tenant_memory('profile.sector', 'alpha sector')`;
      expect(await tx`select public.forget_tenant_memory('note.1') as gone`).toEqual([{ gone: false }]);
    });
    // Even by exact key, beta's rows are invisible.
    const byKey = await asClaims(
      db.sql,
      'max_agent',
      A,
      (tx) => tx`select value from tenant_memory where key = 'note.1'`,
    );
    expect(byKey).toHaveLength(0);
    expect(
      await asClaims(db.sql, 'max_agent', A, (tx) =>
        refused(
          () => tx`insert into tenant_memory (tenant_id, key, value) values ('beta', 'note.9', 'planted')`,
        ),
      ),
    ).toBe('42501');
    // An upsert on beta's key from alpha: refused, beta's value stays.
    expect(
      await asClaims(db.sql, 'max_agent', A, (tx) =>
        refused(
          () => tx`insert into tenant_memory (tenant_id, key, value) values ('beta', 'profile.sector', 'pwned')
                   on conflict (tenant_id, key) do update set value = excluded.value`,
        ),
      ),
    ).toBe('42501');
    const upd = await asClaims(
      db.sql,
      'max_agent',
      A,
      async (tx) => (await tx`update tenant_memory set value = 'pwned' where tenant_id = 'beta'`).count,
    );
    const del = await asClaims(
      db.sql,
      'max_agent',
      A,
      async (tx) => (await tx`delete from tenant_memory where tenant_id = 'beta'`).count,
    );
    expect([upd, del]).toEqual([0, 0]);
    expect(
      await db.admin`select key, value from tenant_memory where tenant_id = 'beta' order by key`,
    ).toEqual([
      { key: 'note.1', value: 'beta-only note' },
      { key: 'profile.sector', value: 'beta-only sector' },
      { key: 'tone', value: 'beta-formal' },
    ]);
  });

  it("isolation: a turn of alpha loads alpha's memory only (same chat id in both tenants)", async () => {
    const c = claimed(await store.beginTurn(whatsapp({ chatId: SHARED_CHAT })));
    expect(c.context.memory).toEqual({ tone: 'alpha-formal' });
    await store.commitTurn(commitOf(c));
  });

  it('limits: the database refuses a 51st entry, a value over 500 characters, an empty value, a malformed key', async () => {
    const base = await count('alpha');
    for (let i = base; i < 50; i++)
      await db.admin`insert into tenant_memory (tenant_id, key, value) values ('alpha', ${`note.${i + 1}`}, ${`n${i}`})`;
    expect(await count('alpha')).toBe(50);
    // As the agent writes (authenticated, alpha's claim) and as the owner alike.
    expect(
      await asClaims(db.sql, 'max_agent', A, (tx) =>
        refused(
          () =>
            tx`insert into tenant_memory (tenant_id, key, value) values ('alpha', 'note.99', 'one too many')`,
        ),
      ),
    ).toBe('23514');
    expect(
      await refused(
        () => db.admin`insert into tenant_memory (tenant_id, key, value) values ('alpha', 'note.99', 'x')`,
      ),
    ).toBe('23514');
    // Replacing an entry is not a new one, through an upsert (what the commit does) or an update.
    await asClaims(db.sql, 'max_agent', A, async (tx) => {
      await tx`insert into tenant_memory (tenant_id, key, value) values ('alpha', 'note.2', 'replaced')
               on conflict (tenant_id, key) do update set value = excluded.value`;
      expect((await tx`select value from tenant_memory where key = 'note.2'`)[0]!.value).toBe('replaced');
    });
    // Full is per tenant: beta is not.
    expect(
      await refused(
        () => db.admin`insert into tenant_memory (tenant_id, key, value) values ('beta', 'note.2', 'fine')`,
      ),
    ).toBe('accepted');
    await db.admin`delete from tenant_memory where tenant_id = 'alpha' and key like 'note.%'`;
    for (const [key, value] of [
      ['note.1', 'x'.repeat(501)],
      ['note.1', ''],
      ['has space', 'x'],
      ['Note.1', 'x'],
    ])
      expect(
        await refused(
          () =>
            db.admin`insert into tenant_memory (tenant_id, key, value) values ('alpha', ${key!}, ${value!})`,
        ),
        `${key} = ${value!.length} chars`,
      ).toBe('23514');
    expect(
      await refused(
        () =>
          db.admin`insert into tenant_memory (tenant_id, key, value) values ('alpha', 'note.1', ${'x'.repeat(500)})`,
      ),
    ).toBe('accepted');
  });

  it('limits: a commit that would take the memory past 50 entries fails whole (nothing of the turn is written)', async () => {
    const base = await count('alpha');
    for (let i = base; i < 50; i++)
      await db.admin`insert into tenant_memory (tenant_id, key, value) values ('alpha', ${`goal.${i + 1}`}, ${`g${i}`})`;
    const c = claimed(await store.beginTurn(whatsapp({ chatId: SHARED_CHAT })));
    const err = await store
      .commitTurn(
        commitOf(c, {
          memory: { set: { 'note.77': 'race' }, delete: [] },
          outbox: [{ chatId: SHARED_CHAT, body: 'ok', sendKey: `${c.messageId}:0` }],
        }),
      )
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'internal', details: { sqlstate: '23514' } });
    expect(await db.admin`select 1 from outbox where message_id = ${c.messageId}`).toHaveLength(0);
    expect(await count('alpha')).toBe(50);
    await db.admin`delete from tenant_memory where tenant_id = 'alpha' and key like 'goal.%'`;
    await store.failTurn({ tenantId: c.tenantId, messageId: c.messageId, attempt: c.attempt }, 'test', true);
  });

  it('audit: a change by a signed-in admin (through the person paths) is audited with its key and length, never its value', async () => {
    const sub = personClaims('alpha', 'admin').sub;
    await asClaims(db.sql, 'authenticated', personClaims('alpha', 'admin'), async (tx) => {
      await tx`select public.set_tenant_memory('profile.tone', 'très chaleureux')`;
      await tx`select public.set_tenant_memory('profile.tone', 'sobre')`;
      await tx`select public.forget_tenant_memory('profile.tone')`;
      const rows = await tx`select actor, action, target_entity, target_id, result, detail from max_logs
                             where target_entity = 'TenantMemory' and target_id = 'profile.tone' order by id`;
      expect(rows).toEqual([
        {
          actor: `user:${sub}`,
          action: 'memory_set',
          target_entity: 'TenantMemory',
          target_id: 'profile.tone',
          result: 'ok',
          detail: { via: 'sql', chars: 15, replaced: false },
        },
        {
          actor: `user:${sub}`,
          action: 'memory_set',
          target_entity: 'TenantMemory',
          target_id: 'profile.tone',
          result: 'ok',
          detail: { via: 'sql', chars: 5, replaced: true },
        },
        {
          actor: `user:${sub}`,
          action: 'memory_delete',
          target_entity: 'TenantMemory',
          target_id: 'profile.tone',
          result: 'ok',
          detail: { via: 'sql' },
        },
      ]);
      expect(JSON.stringify(rows)).not.toMatch(/chaleureux|sobre/);
    });
    // The agent's own writes (claims without a user) are audited by its commit, not twice here.
    await asClaims(db.sql, 'max_agent', A, async (tx) => {
      const audited = async () =>
        (await tx`select count(*)::int as n from max_logs where target_entity = 'TenantMemory'`)[0]!.n;
      const before = await audited();
      await tx`insert into tenant_memory (tenant_id, key, value) values ('alpha', 'profile.tone', 'x')`;
      expect(await audited()).toBe(before);
    });
  });

  it("a turn's sender facts are committed for its sender in its tenant only (beta has the same chat id)", async () => {
    const c = claimed(await store.beginTurn(whatsapp({ chatId: SHARED_CHAT })));
    await store.commitTurn(
      commitOf(c, {
        memory: { set: {}, delete: [], sender: { chatId: SHARED_CHAT, name: 'Marie', language: 'en' } },
      }),
    );
    const rows = await db.admin`select tenant_id, preferred_name, preferred_language from whatsapp_senders
                                 where chat_id = ${SHARED_CHAT} order by tenant_id`;
    expect(rows).toEqual([
      { tenant_id: 'alpha', preferred_name: 'Marie', preferred_language: 'en' },
      { tenant_id: 'beta', preferred_name: null, preferred_language: null },
    ]);
    const next = claimed(await store.beginTurn(whatsapp({ chatId: SHARED_CHAT })));
    expect(next.context.sender).toMatchObject({ preferredName: 'Marie', preferredLanguage: 'en' });
    // A key absent leaves its column; null clears it.
    await store.commitTurn(
      commitOf(next, { memory: { set: {}, delete: [], sender: { chatId: SHARED_CHAT, name: null } } }),
    );
    expect(
      (
        await db.admin`select preferred_name, preferred_language from whatsapp_senders where tenant_id = 'alpha' and chat_id = ${SHARED_CHAT}`
      )[0],
    ).toEqual({ preferred_name: null, preferred_language: 'en' });
    // A language the column does not allow is refused by the database.
    const bad = claimed(await store.beginTurn(whatsapp({ chatId: SHARED_CHAT })));
    const err = await store
      .commitTurn(
        commitOf(bad, {
          memory: { set: {}, delete: [], sender: { chatId: SHARED_CHAT, language: 'de' as 'en' } },
        }),
      )
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ details: { sqlstate: '23514' } });
    await store.failTurn(
      { tenantId: bad.tenantId, messageId: bad.messageId, attempt: bad.attempt },
      'test',
      true,
    );
    expect(INSTANCES.alpha).toBeTruthy();
  });
});
