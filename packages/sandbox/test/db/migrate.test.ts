import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, migrate, type TestDatabase } from '../../src/db/index.ts';
import { MIGRATIONS_DIR } from '../../src/db/migrate.ts';

describe('migrations', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.close());

  it('apply on a blank database and are recorded like the Supabase CLI does', async () => {
    const files = readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql'));
    const rows =
      await db.admin`select version, name from supabase_migrations.schema_migrations order by version`;
    expect(rows.map((r) => `${r.version}_${r.name}.sql`)).toEqual(files.sort());
  });

  it('run twice in a row without error: applied ones are skipped', async () => {
    const again = await migrate(db.admin);
    expect(again.applied).toEqual([]);
    expect(again.skipped.length).toBeGreaterThanOrEqual(4);
    const third = await migrate(db.admin);
    expect(third.applied).toEqual([]);
  });

  it('create the Supabase roles and auth helpers with Supabase semantics', async () => {
    const roles =
      await db.admin`select rolname, rolbypassrls from pg_roles where rolname in ('anon', 'authenticated', 'service_role') order by 1`;
    expect(roles.map((r) => [r.rolname, r.rolbypassrls])).toEqual([
      ['anon', false],
      ['authenticated', false],
      ['service_role', true],
    ]);
    const res = await db.admin.begin(async (tx) => {
      const none = await tx`select auth.jwt() as jwt`;
      await tx`select set_config('request.jwt.claims', ${JSON.stringify({ sub: '7f1a2b3c-0000-4000-8000-000000000001', role: 'authenticated', tenant_id: 'acme' })}, true)`;
      const set =
        await tx`select auth.jwt() ->> 'tenant_id' as t, auth.uid()::text as uid, auth.role() as role`;
      return { none: none[0]!.jwt, set: set[0] };
    });
    expect(res.none).toBeNull();
    expect(res.set).toEqual({
      t: 'acme',
      uid: '7f1a2b3c-0000-4000-8000-000000000001',
      role: 'authenticated',
    });
  });
});
