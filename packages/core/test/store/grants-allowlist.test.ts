import { createTestDatabase, listPrivileges, readAllowlist, type TestDatabase } from '@max/sandbox';
import type { Sql } from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Every privilege `anon` and `authenticated` hold in the migrated database (tables, columns,
 * sequences, functions, schemas, the database, default privileges, role memberships) is exactly the
 * repo's allow-list, supabase/grants-allowlist.txt: a migration that widens what a signed-in person
 * or an anonymous caller can do fails here until the line is added on purpose, and a line whose
 * privilege is gone fails too. CI runs this suite on PostgreSQL as well as PGlite.
 */
describe('the grants of anon and authenticated', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.close());

  /** Runs `fn` in a transaction that is then rolled back: a migration tried, then undone. */
  async function rolledBack<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
    let out: T | undefined;
    await db.admin
      .begin(async (tx) => {
        out = await fn(tx as unknown as Sql);
        throw new Error('rollback');
      })
      .catch((e: Error) => {
        if (e.message !== 'rollback') throw e;
      });
    return out as T;
  }

  it('are exactly the allow-list: nothing more, nothing less', async () => {
    const held = await listPrivileges(db.admin);
    const allowed = readAllowlist();
    const notAllowed = held.filter((l) => !allowed.includes(l));
    const gone = allowed.filter((l) => !held.includes(l));
    expect({ notAllowed, gone }).toEqual({ notAllowed: [], gone: [] });
  });

  it('catch a table a future migration leaves open, and a function PUBLIC may execute', async () => {
    // What a careless migration does on Supabase (default privileges hand new objects to anon and
    // authenticated) and on any PostgreSQL (new functions are PUBLIC's): the list shows both.
    const extra = await rolledBack(async (tx) => {
      await tx.unsafe(`create table public.careless (id int primary key, note text)`);
      await tx.unsafe(`grant select, insert on public.careless to authenticated`);
      await tx.unsafe(`grant update (note) on public.careless to anon`);
      await tx.unsafe(`create function public.careless_fn() returns int language sql as 'select 1'`);
      await tx.unsafe(`grant execute on function public.careless_fn() to public`);
      const allowed = readAllowlist();
      return (await listPrivileges(tx)).filter((l) => !allowed.includes(l));
    });
    expect(extra).toEqual([
      'anon  column  public.careless.note  UPDATE',
      'anon  function  public.careless_fn()  EXECUTE',
      'authenticated  function  public.careless_fn()  EXECUTE',
      'authenticated  table  public.careless  INSERT',
      'authenticated  table  public.careless  SELECT',
    ]);
    expect(await db.admin`select to_regclass('public.careless') as t`).toEqual([{ t: null }]);
  });

  it('a function created by a later migration is nobody’s but the agent’s until granted by name', async () => {
    const r = await rolledBack(async (tx) => {
      await tx.unsafe(`create function public.later_fn() returns int language sql as 'select 1'`);
      const [row] = await tx`
        select has_function_privilege('anon', 'public.later_fn()', 'execute') as anon,
               has_function_privilege('authenticated', 'public.later_fn()', 'execute') as authenticated,
               has_function_privilege('max_agent', 'public.later_fn()', 'execute') as agent`;
      return row;
    });
    expect(r).toEqual({ anon: false, authenticated: false, agent: true });
  });
});
