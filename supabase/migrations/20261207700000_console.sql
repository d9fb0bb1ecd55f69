-- The web console (apps/console): what it reads beyond issue 18's people surface.

-- Supabase Auth's users. On Supabase `auth.users` exists (Supabase Auth owns it, with many more
-- columns); elsewhere (PGlite, a bare PostgreSQL) the local Auth stand-in keeps its users in this
-- subset, under the same names, so the same SQL reads an e-mail on both.
do $$
begin
  if to_regclass('auth.users') is null then
    create table auth.users (
      id uuid primary key,
      aud varchar(255) not null default 'authenticated',
      role varchar(255) not null default 'authenticated',
      email varchar(255) unique,
      encrypted_password varchar(255),
      email_confirmed_at timestamptz,
      last_sign_in_at timestamptz,
      raw_app_meta_data jsonb not null default '{"provider": "email", "providers": ["email"]}',
      raw_user_meta_data jsonb not null default '{}',
      is_anonymous boolean not null default false,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    comment on table auth.users is 'Local stand-in of Supabase Auth''s users (a subset of its columns): written only by the Auth stand-in (packages/sandbox/src/auth), as supabase_auth_admin.';
    revoke all on auth.users from public, anon, authenticated, service_role;
    grant select, insert, update, delete on auth.users to supabase_auth_admin;
    grant usage on schema auth to supabase_auth_admin;
  end if;
end
$$;

-- Where people open the tenant's EspoCRM in a browser (the agent's crm_base_url may be an internal
-- address behind a tunnel): the console links the records MAX names to it when set.
alter table public.tenants
  add column crm_public_url text check (crm_public_url ~ '^https?://[^\s]+$' and length(crm_public_url) <= 500);
comment on column public.tenants.crm_public_url is 'The EspoCRM address people open in a browser (optional): the console links the records MAX names to <url>/#<Entity>/view/<id>.';

-- The e-mail of each web member of the caller's tenant, for owners and admins (the team view and
-- the activity's "who"). Definer: auth.users is Supabase Auth's, never readable by people; this
-- returns only the rows of the caller's own tenant, and nothing to a member or viewer.
create function public.team_emails() returns table (user_id uuid, email text)
language plpgsql stable security definer set search_path = '' as $$
begin
  if public.current_member_role() is null or public.current_member_role() not in ('owner', 'admin') then
    raise exception 'only an owner or admin of this tenant sees its team' using errcode = 'insufficient_privilege';
  end if;
  return query
    select m.user_id, u.email::text
      from public.tenant_members m
      left join auth.users u on u.id = m.user_id
     where m.tenant_id = public.current_tenant_id();
end
$$;
comment on function public.team_emails() is 'The web members of the caller''s tenant with their e-mail (from auth.users), for owners and admins; refuses anyone else (42501). Called by the console as the signed-in person.';
revoke execute on function public.team_emails() from public, anon, max_agent, service_role;
grant execute on function public.team_emails() to authenticated;
