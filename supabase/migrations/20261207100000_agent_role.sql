-- The agent is not a dashboard user. MAX's units of work used to switch to `authenticated`, so
-- every signed-in person whose token carried a tenant claim held the agent's writes (plant a
-- confirmation, a message, a reply to send, a lease; rewrite a tool result; read secret
-- ciphertexts). They now switch to `max_agent`: a role nobody logs in as, never granted to `anon`,
-- `authenticated` or `authenticator`, holding exactly the agent's grants, under RLS on the same
-- per-transaction tenant claim. `authenticated` keeps reads of its own tenant (next migration).

-- Roles are per cluster: created only when absent (a concurrent migration of another database on
-- the same server may create it first). On Supabase the migration user (`postgres`) has CREATEROLE
-- and gets ADMIN OPTION on what it creates; `supabase_auth_admin` already exists there (locally it
-- stands in for Supabase Auth, which calls the access token hook as that role).
do $$
declare r text;
begin
  foreach r in array array['max_agent', 'supabase_auth_admin'] loop
    if not exists (select 1 from pg_roles where rolname = r) then
      begin
        execute format('create role %I nologin noinherit', r);
      exception when duplicate_object or unique_violation then
        null;
      end;
    end if;
  end loop;
end
$$;

-- The agent's connection (the migration user: `postgres` on Supabase and locally) switches to
-- max_agent per unit of work, which needs a membership it may SET (on PostgreSQL 16+ the ADMIN
-- OPTION a creator gets is not one): granted explicitly, a no-op when already there.
do $$
begin
  execute format('grant max_agent to %I', current_user);
exception when unique_violation or duplicate_object then
  null; -- granted meanwhile by a concurrent migration of another database
end
$$;

grant usage on schema public to max_agent;

-- What the units of work read and write (the same set `authenticated` held until now).
grant select on public.tenants, public.tenant_secrets, public.tenant_members to max_agent;
grant select, update (opted_out, preferred_name, preferred_language) on public.whatsapp_senders to max_agent;
grant select,
  insert (tenant_id, id_message, chat_id, sender_id, type_message, wa_timestamp, request_id, status, attempts,
          lease_until, error, received_at, claimed_at, processed_at, content, merged_into, started_at, outcome),
  update (status, attempts, lease_until, error, processed_at, request_id, content, merged_into, started_at, outcome)
  on public.inbound_messages to max_agent;
grant select, insert, update on public.sessions to max_agent;
grant select, insert, update, delete on public.tenant_memory to max_agent;
grant select,
  insert (tenant_id, chat_id, tool, args, args_digest, expires_at, created_at),
  update (consumed_at, resolution)
  on public.pending_actions to max_agent;
grant select, insert, update (tool, args_digest, ok, result, state) on public.tool_calls to max_agent;
grant select,
  insert (tenant_id, message_id, chat_id, body, quoted_message_id, send_key),
  update (status, attempts, next_attempt_at, provider_message_id, last_error, sent_at)
  on public.outbox to max_agent;
grant select, insert on public.max_logs to max_agent;

-- The agent's tenant boundary: the claim the unit itself sets (RLS is forced on every table).
create policy agent_tenant on public.tenants for select to max_agent
  using (id = public.current_tenant_id());
do $$
declare t text;
begin
  foreach t in array array['tenant_secrets', 'tenant_members', 'whatsapp_senders', 'inbound_messages', 'sessions',
                           'tenant_memory', 'pending_actions', 'tool_calls', 'max_logs', 'outbox']
  loop
    execute format(
      'create policy agent_tenant on public.%I for all to max_agent
         using (tenant_id = public.current_tenant_id())
         with check (tenant_id = public.current_tenant_id())', t);
  end loop;
end
$$;

-- Entering a tenant: the same checks, another role. The claim names no user (`sub`): writes the
-- agent makes are audited by its own commit.
create or replace function public.max_enter(p_tenant text) returns void
language plpgsql as $$
declare
  v_claimed text := nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'tenant_id';
begin
  if current_user in ('anon', 'authenticated', 'max_agent') then
    raise exception 'max units of work are not for tenant users' using errcode = 'insufficient_privilege';
  end if;
  if p_tenant is null or (v_claimed is not null and v_claimed <> p_tenant) then
    raise exception 'tenant claim mismatch' using errcode = 'insufficient_privilege';
  end if;
  perform set_config('role', 'max_agent', true);
  perform set_config('request.jwt.claims', json_build_object('role', 'max_agent', 'tenant_id', p_tenant)::text, true);
end
$$;

-- The two helpers the units call after entering: the agent's, no longer a signed-in user's.
revoke all on function public.max_take_outbox_rows(text, uuid, int, boolean) from public, anon, authenticated;
revoke all on function public.max_release_followers(text, uuid, jsonb) from public, anon, authenticated;
grant execute on function public.max_take_outbox_rows(text, uuid, int, boolean) to max_agent, service_role;
grant execute on function public.max_release_followers(text, uuid, jsonb) to max_agent, service_role;
grant execute on function public.current_tenant_id() to max_agent;

-- A change of tenant memory made by a person (claims with a `sub`) is audited here; the trigger runs
-- as the writer, and the agent has no business in Supabase's `auth` schema: read the claim directly.
create or replace function public.tenant_memory_audit() returns trigger
language plpgsql as $$
declare
  v_sub text := nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub';
begin
  if v_sub is null then
    return null;
  end if;
  insert into public.max_logs (tenant_id, actor, action, target_entity, target_id, result, detail)
  values (coalesce(new.tenant_id, old.tenant_id), 'user:' || v_sub,
          case when tg_op = 'DELETE' then 'memory_delete' else 'memory_set' end,
          'TenantMemory', coalesce(new.key, old.key), 'ok',
          case when tg_op = 'DELETE' then jsonb_build_object('via', 'sql')
               else jsonb_build_object('via', 'sql', 'chars', length(new.value), 'replaced', tg_op = 'UPDATE') end);
  return null;
end
$$;
