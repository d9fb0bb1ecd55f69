import { createTestDatabase, type TestDatabase } from '@max/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * What an operator reads in the Supabase dashboard is explained there: every table, view and
 * column of public carries a comment, and every function says what it does (the max_* units of
 * work: their jsonb input and output). A migration that adds one without a comment fails here.
 */
describe('the schema explains itself in the dashboard', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.close());

  it('every table and view of public, and each of their columns, has a comment', async () => {
    const missing = await db.admin`
      select c.relname || coalesce('.' || a.attname, '') as what
        from pg_class c
        left join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
       where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'v', 'm')
         and coalesce(col_description(c.oid, a.attnum), '') = ''
      union
      select c.relname from pg_class c
       where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'v', 'm')
         and coalesce(obj_description(c.oid, 'pg_class'), '') = ''
       order by 1`;
    expect(missing.map((r) => r.what)).toEqual([]);
    const [count] = await db.admin`
      select count(*)::int as n from pg_class c
       where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'v')`;
    expect(count!.n).toBeGreaterThanOrEqual(16);
  });

  it('every function of public has a comment; the units of work name their jsonb input and output', async () => {
    const fns = await db.admin`
      select p.proname as name, p.oid::regprocedure::text as sig, coalesce(obj_description(p.oid, 'pg_proc'), '') as doc,
             'jsonb'::regtype = any (p.proargtypes::oid[]) as takes_jsonb, p.prorettype = 'jsonb'::regtype as gives_jsonb
        from pg_proc p where p.pronamespace = 'public'::regnamespace order by 1`;
    expect(fns.filter((f) => f.doc === '').map((f) => f.sig)).toEqual([]);
    for (const f of fns.filter((x) => x.name.startsWith('max_')))
      expect({
        fn: f.sig,
        input: !f.takes_jsonb || /\bIn:/.test(f.doc),
        output: !f.gives_jsonb || /\bOut:/.test(f.doc),
      }).toEqual({ fn: f.sig, input: true, output: true });
  });

  it('every max_* unit that takes arguments says In:, and every one that answers says Out:', async () => {
    const fns = await db.admin`
      select p.oid::regprocedure::text as sig, coalesce(obj_description(p.oid, 'pg_proc'), '') as doc,
             p.pronargs as args, p.prorettype::regtype::text as returns
        from pg_proc p where p.pronamespace = 'public'::regnamespace and p.proname like 'max\\_%' order by 1`;
    expect(fns.length).toBeGreaterThanOrEqual(20);
    const silent = fns.filter(
      (f) =>
        (f.args > 0 && !/\bIn:/.test(f.doc)) ||
        (!['void', 'trigger'].includes(f.returns) && !/\bOut:/.test(f.doc)),
    );
    expect(silent.map((f) => f.sig)).toEqual([]);
  });
});
