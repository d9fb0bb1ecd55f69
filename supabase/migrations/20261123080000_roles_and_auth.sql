-- Supabase's roles and auth helpers, created only when absent, so the same migrations run on
-- Supabase (where they exist), on PGlite and on a bare PostgreSQL.
do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'anon') then
    create role anon nologin noinherit;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'authenticated') then
    create role authenticated nologin noinherit;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'service_role') then
    create role service_role nologin noinherit bypassrls;
  end if;
end
$$;

-- The connecting user (postgres on Supabase and locally) switches to these roles per transaction.
do $$
begin
  execute format('grant anon, authenticated, service_role to %I', current_user);
exception when others then
  null; -- already a member (Supabase) or not allowed: nothing to do
end
$$;

create schema if not exists auth;
grant usage on schema auth to anon, authenticated, service_role;

do $$
begin
  if to_regprocedure('auth.jwt()') is null then
    -- Supabase semantics: request.jwt.claim (legacy) or request.jwt.claims, as jsonb; NULL when unset.
    execute $f$
      create function auth.jwt() returns jsonb language sql stable as $b$
        select coalesce(
          nullif(current_setting('request.jwt.claim', true), ''),
          nullif(current_setting('request.jwt.claims', true), '')
        )::jsonb
      $b$
    $f$;
  end if;
  if to_regprocedure('auth.uid()') is null then
    execute $f$
      create function auth.uid() returns uuid language sql stable as $b$
        select coalesce(
          nullif(current_setting('request.jwt.claim.sub', true), ''),
          (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
        )::uuid
      $b$
    $f$;
  end if;
  if to_regprocedure('auth.role()') is null then
    execute $f$
      create function auth.role() returns text language sql stable as $b$
        select coalesce(
          nullif(current_setting('request.jwt.claim.role', true), ''),
          (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role')
        )::text
      $b$
    $f$;
  end if;
end
$$;

grant execute on function auth.jwt(), auth.uid(), auth.role() to anon, authenticated, service_role;

-- The tenant of the caller, from the claim. NULL (deny) when absent.
create or replace function public.current_tenant_id() returns text
language sql stable as $$ select auth.jwt() ->> 'tenant_id' $$;
grant execute on function public.current_tenant_id() to anon, authenticated, service_role;
