import { readFileSync } from 'node:fs';
import type { Sql } from 'postgres';

/** supabase/grants-allowlist.txt: every privilege `anon` and `authenticated` may hold. */
export const GRANTS_ALLOWLIST = new URL('../../../../supabase/grants-allowlist.txt', import.meta.url)
  .pathname;

/**
 * Every privilege the given roles hold in the current database, as sorted lines
 * `role  kind  object  privilege`: on the database, schemas, tables and views, columns (where the
 * whole table is not granted), sequences, functions, the default privileges that will hand them
 * future objects, and the roles they can become. Effective privileges (has_*_privilege): what comes
 * through PUBLIC or a role membership counts. System schemas are left out.
 */
export async function listPrivileges(sql: Sql, roles: readonly string[] = ['anon', 'authenticated']) {
  const rows = await sql<{ line: string }[]>`
    with grantee as (select rolname as role, oid from pg_roles where rolname = any(${roles as string[]})),
    ns as (
      select oid, nspname from pg_namespace
       where nspname not in ('pg_catalog', 'information_schema') and nspname !~ '^pg_(toast|temp)'
    ),
    rel as (
      select c.oid, ns.nspname || '.' || c.relname as name, c.relkind
        from pg_class c join ns on ns.oid = c.relnamespace
       where c.relkind in ('r', 'p', 'v', 'm', 'f', 'S')
    ),
    found as (
      select g.role, 'database' as kind, 'current'::text as object, p.priv
        from grantee g cross join unnest(array['CONNECT', 'TEMPORARY', 'CREATE']) p(priv)
       where has_database_privilege(g.role, current_database(), p.priv)
      union all
      select g.role, 'schema', ns.nspname::text, p.priv
        from grantee g cross join ns cross join unnest(array['USAGE', 'CREATE']) p(priv)
       where has_schema_privilege(g.role, ns.oid, p.priv)
      union all
      select g.role, case r.relkind when 'v' then 'view' when 'm' then 'view' else 'table' end, r.name, p.priv
        from grantee g cross join rel r
       cross join unnest(array['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER']) p(priv)
       where r.relkind <> 'S' and has_table_privilege(g.role, r.oid, p.priv)
      union all
      select g.role, 'column', r.name || '.' || a.attname, p.priv
        from grantee g cross join rel r
        join pg_attribute a on a.attrelid = r.oid and a.attnum > 0 and not a.attisdropped
       cross join unnest(array['SELECT', 'INSERT', 'UPDATE', 'REFERENCES']) p(priv)
       where r.relkind <> 'S' and not has_table_privilege(g.role, r.oid, p.priv)
         and has_column_privilege(g.role, r.oid, a.attnum, p.priv)
      union all
      select g.role, 'sequence', r.name, p.priv
        from grantee g cross join rel r cross join unnest(array['USAGE', 'SELECT', 'UPDATE']) p(priv)
       where r.relkind = 'S' and has_sequence_privilege(g.role, r.oid, p.priv)
      union all
      select g.role, 'function', ns.nspname || '.' || f.proname || '(' || pg_get_function_identity_arguments(f.oid) || ')',
             'EXECUTE'
        from grantee g cross join pg_proc f join ns on ns.oid = f.pronamespace
       where has_function_privilege(g.role, f.oid, 'EXECUTE')
      union all
      select g.role, 'default',
             coalesce(dn.nspname, '*') || ' ' ||
               case d.defaclobjtype when 'r' then 'tables' when 'S' then 'sequences' when 'f' then 'functions'
                                    when 'T' then 'types' when 'n' then 'schemas' else d.defaclobjtype::text end ||
               ' of ' || pg_get_userbyid(d.defaclrole),
             x.privilege_type
        from pg_default_acl d left join pg_namespace dn on dn.oid = d.defaclnamespace
       cross join lateral aclexplode(d.defaclacl) x
        join grantee g on x.grantee = g.oid or x.grantee = 0
      union all
      select g.role, 'role', r.rolname::text, 'MEMBER'
        from grantee g cross join pg_roles r
       where r.oid <> g.oid and pg_has_role(g.oid, r.oid, 'MEMBER')
    )
    select distinct role || '  ' || kind || '  ' || object || '  ' || priv as line from found`;
  // Sorted here: the two databases' collations differ.
  return rows.map((r) => r.line).sort();
}

/** The allow-list's lines (blank lines and `#` comments left out). */
export function readAllowlist(file: string = GRANTS_ALLOWLIST): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => l.split(/\s{2,}/).join('  '));
}
