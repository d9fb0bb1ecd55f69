-- What a signed-in person (Supabase Auth → REST API as `authenticated`) may do: read their tenant
-- under RLS, by the role the database gives them in tenant_members (never by what a token says:
-- tokens live an hour after a membership is removed), and write only through the narrow functions
-- below. No table is writable by `authenticated` or `anon`: nothing a person writes is ever read by
-- the agent as a message, a confirmation, a reply to send, a tool result or a lease.
-- The matrix is in README.md (Security model); supabase/grants-allowlist.txt is every privilege
-- `anon` and `authenticated` hold, checked by a test on PGlite and PostgreSQL.

-- Start from nothing: the grants `authenticated` held for the agent's sake are gone.
do $$
declare t text;
begin
  foreach t in array array['tenants', 'tenant_secrets', 'tenant_members', 'whatsapp_senders', 'inbound_messages',
                           'sessions', 'tenant_memory', 'pending_actions', 'tool_calls', 'max_logs', 'outbox']
  loop
    execute format('revoke all on table public.%I from public, anon, authenticated', t);
  end loop;
end
$$;
drop policy tenant_self on public.tenants;
do $$
declare t text;
begin
  foreach t in array array['tenant_secrets', 'tenant_members', 'whatsapp_senders', 'inbound_messages', 'sessions',
                           'tenant_memory', 'pending_actions', 'tool_calls', 'max_logs', 'outbox']
  loop
    execute format('drop policy tenant_isolation on public.%I', t);
  end loop;
end
$$;

-- The operators' REST role reads the agent's working tables but no longer writes them (the
-- dashboard's SQL editor runs as the owner); configuration tables stay theirs.
revoke insert, update on public.inbound_messages, public.sessions, public.pending_actions, public.tool_calls,
  public.outbox from service_role;

-- Who is asking ------------------------------------------------------------------------------------

-- The signed-in user of this request, from the per-transaction claims only (never the session-level
-- `request.jwt.claim.sub` a connection could carry). NULL when absent or not a user id.
create function public.current_user_id() returns uuid
language sql stable set search_path = '' as $$
  select case when s ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then s::uuid end
    from (select nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub' as s) c
$$;

-- That user's role in the tenant of the claim, as tenant_members says now (owner, admin, member,
-- viewer), NULL for a non-member. Definer: it reads tenant_members past RLS, for this pair only.
create function public.current_member_role() returns text
language sql stable security definer set search_path = '' as $$
  select m.role from public.tenant_members m
   where m.tenant_id = public.current_tenant_id() and m.user_id = public.current_user_id()
$$;

-- Reads ------------------------------------------------------------------------------------------

-- Every member (viewers too) reads the tenant's settings, team, memory, audit, messages' status and
-- replies, and the dashboard views built on them.
create policy member_read on public.tenants for select to authenticated
  using (id = (select public.current_tenant_id()) and (select public.current_member_role()) is not null);
do $$
declare t text;
begin
  foreach t in array array['tenant_members', 'whatsapp_senders', 'inbound_messages', 'tenant_memory', 'max_logs', 'outbox']
  loop
    execute format(
      'create policy member_read on public.%I for select to authenticated
         using (tenant_id = (select public.current_tenant_id()) and (select public.current_member_role()) is not null)', t);
    execute format('grant select on public.%I to authenticated', t);
  end loop;
  -- Conversations, open confirmations and stored CRM results: owners and admins only.
  foreach t in array array['sessions', 'pending_actions', 'tool_calls']
  loop
    execute format(
      'create policy admin_read on public.%I for select to authenticated
         using (tenant_id = (select public.current_tenant_id()) and (select public.current_member_role()) in (''owner'', ''admin''))', t);
    execute format('grant select on public.%I to authenticated', t);
  end loop;
end
$$;
grant select on public.tenants to authenticated;
-- tenant_secrets: nobody outside MAX reads even the ciphertexts.

-- A person's WhatsApp number, when they have one: lets them change their own opt-out. Set by an
-- operator (npm run tenant -- add-sender … --user <id>); the agent never reads it.
alter table public.whatsapp_senders
  add column user_id uuid,
  add constraint whatsapp_senders_member_fkey foreign key (tenant_id, user_id)
    references public.tenant_members (tenant_id, user_id) on delete set null (user_id);
create index whatsapp_senders_user_idx on public.whatsapp_senders (tenant_id, user_id) where user_id is not null;

-- A person in several tenants chooses the one their next token carries (choose_tenant, then a
-- session refresh); without a choice, their oldest membership.
create table public.user_tenant_choice (
  user_id uuid primary key,
  tenant_id text not null,
  chosen_at timestamptz not null default now(),
  constraint user_tenant_choice_member_fkey foreign key (tenant_id, user_id)
    references public.tenant_members (tenant_id, user_id) on delete cascade
);
alter table public.user_tenant_choice enable row level security;
alter table public.user_tenant_choice force row level security;
revoke all on public.user_tenant_choice from public, anon, authenticated, service_role;
create policy own_choice on public.user_tenant_choice for select to authenticated
  using (user_id = (select public.current_user_id()));
grant select on public.user_tenant_choice to authenticated;
grant select, insert, update, delete on public.user_tenant_choice to service_role;

-- Writes a person is meant to make --------------------------------------------------------------
-- Definer functions: the tenant is the claim's, the role is tenant_members' (checked here, in the
-- database), the arguments are checked by the tables' own constraints, every change is audited.

create function public.set_tenant_memory(p_key text, p_value text) returns jsonb
language plpgsql security definer set search_path = '' as $$
declare
  v_role text := public.current_member_role();
begin
  if v_role is null or v_role not in ('owner', 'admin') then
    raise exception 'only an owner or admin of this tenant may change its memory' using errcode = 'insufficient_privilege';
  end if;
  -- Audited by the tenant_memory_audit trigger (the claims carry the user).
  insert into public.tenant_memory (tenant_id, key, value, updated_at)
  values (public.current_tenant_id(), p_key, p_value, now())
  on conflict (tenant_id, key) do update set value = excluded.value, updated_at = excluded.updated_at;
  return jsonb_build_object('key', p_key, 'chars', length(p_value));
end
$$;

create function public.forget_tenant_memory(p_key text) returns boolean
language plpgsql security definer set search_path = '' as $$
declare
  v_role text := public.current_member_role();
begin
  if v_role is null or v_role not in ('owner', 'admin') then
    raise exception 'only an owner or admin of this tenant may change its memory' using errcode = 'insufficient_privilege';
  end if;
  delete from public.tenant_memory where tenant_id = public.current_tenant_id() and key = p_key;
  return found;
end
$$;

create function public.set_my_opt_out(p_opted_out boolean) returns integer
language plpgsql security definer set search_path = '' as $$
declare
  v_tid text := public.current_tenant_id();
  v_user uuid := public.current_user_id();
  v_n integer;
begin
  if public.current_member_role() is null then
    raise exception 'only a member of this tenant may change their own opt-out' using errcode = 'insufficient_privilege';
  end if;
  if p_opted_out is null then
    raise exception 'opt-out must be true or false' using errcode = 'null_value_not_allowed';
  end if;
  update public.whatsapp_senders set opted_out = p_opted_out
   where tenant_id = v_tid and user_id = v_user and opted_out is distinct from p_opted_out;
  get diagnostics v_n = row_count;
  if v_n > 0 then
    insert into public.max_logs (tenant_id, actor, action, target_entity, result, detail)
    values (v_tid, 'user:' || v_user, case when p_opted_out then 'opt_out' else 'opt_in' end, 'WhatsAppSender', 'ok',
            jsonb_build_object('via', 'sql', 'senders', v_n));
  end if;
  return v_n;
end
$$;

create function public.choose_tenant(p_tenant text) returns text
language plpgsql security definer set search_path = '' as $$
declare
  v_user uuid := public.current_user_id();
begin
  if v_user is null or not exists (select 1 from public.tenant_members m where m.tenant_id = p_tenant and m.user_id = v_user) then
    raise exception 'not a member of that tenant' using errcode = 'insufficient_privilege';
  end if;
  insert into public.user_tenant_choice (user_id, tenant_id, chosen_at) values (v_user, p_tenant, now())
  on conflict (user_id) do update set tenant_id = excluded.tenant_id, chosen_at = excluded.chosen_at;
  return p_tenant;
end
$$;

-- The access token hook -------------------------------------------------------------------------
-- Supabase Auth calls it (as supabase_auth_admin) before issuing a token: the token gets the tenant
-- the person chose (else their oldest membership) as `tenant_id`, and their role there as
-- `tenant_role`; a person of no tenant gets neither. Whatever tenant claims came in are replaced.
create function public.custom_access_token_hook(event jsonb) returns jsonb
language plpgsql stable set search_path = '' as $$
declare
  v_user uuid := (event ->> 'user_id')::uuid;
  v_claims jsonb := coalesce(event -> 'claims', '{}'::jsonb) - 'tenant_id' - 'tenant_role';
  v_tenant text;
  v_role text;
begin
  select m.tenant_id, m.role into v_tenant, v_role
    from public.tenant_members m
    left join public.user_tenant_choice c on c.user_id = m.user_id and c.tenant_id = m.tenant_id
   where m.user_id = v_user
   order by (c.user_id is not null) desc, m.created_at, m.tenant_id
   limit 1;
  if v_tenant is not null then
    v_claims := v_claims || jsonb_build_object('tenant_id', v_tenant, 'tenant_role', v_role);
  end if;
  return jsonb_set(event, '{claims}', v_claims);
end
$$;

grant usage on schema public to supabase_auth_admin;
grant select on public.tenant_members, public.user_tenant_choice to supabase_auth_admin;
create policy auth_hook_read on public.tenant_members for select to supabase_auth_admin using (true);
create policy auth_hook_read on public.user_tenant_choice for select to supabase_auth_admin using (true);

-- Functions: nobody by default ------------------------------------------------------------------
-- PostgreSQL lets PUBLIC execute every new function, and Supabase's default privileges hand new
-- tables, sequences and functions of the migration user to anon and authenticated: take both back,
-- so a future migration exposes nothing it does not grant by name. New functions are the agent's.
revoke execute on all functions in schema public from public, anon, authenticated;
alter default privileges revoke execute on functions from public;
alter default privileges in schema public revoke all on tables from anon, authenticated;
alter default privileges in schema public revoke all on sequences from anon, authenticated;
alter default privileges in schema public revoke all on functions from anon, authenticated;
alter default privileges in schema public grant execute on functions to max_agent, service_role;
grant execute on all functions in schema public to max_agent;

grant execute on function public.current_tenant_id(), public.current_user_id(), public.current_member_role()
  to authenticated, service_role;
grant execute on function public.set_tenant_memory(text, text), public.forget_tenant_memory(text),
  public.set_my_opt_out(boolean), public.choose_tenant(text) to authenticated;
-- Operators insert tenants (its CHECK calls it).
grant execute on function public.is_phone_region(text) to service_role;
revoke execute on function public.custom_access_token_hook(jsonb) from max_agent, service_role;
grant execute on function public.custom_access_token_hook(jsonb) to supabase_auth_admin;
