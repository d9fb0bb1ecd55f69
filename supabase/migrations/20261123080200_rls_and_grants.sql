-- Row-level security, enabled AND forced (the table owner is subject to it too), and grants:
-- each application role gets only what the pipeline needs. Supabase grants everything on
-- public tables by default, so start from nothing.

do $$
declare t text;
begin
  foreach t in array array['tenants', 'tenant_secrets', 'tenant_members', 'whatsapp_senders', 'inbound_messages',
                           'sessions', 'tenant_memory', 'pending_actions', 'tool_calls', 'max_logs', 'outbox']
  loop
    execute format('alter table public.%I enable row level security', t);
    execute format('alter table public.%I force row level security', t);
    execute format('revoke all on table public.%I from public, anon, authenticated, service_role', t);
  end loop;
end
$$;

-- tenants: a tenant sees its own row; only service_role (operators, the tenant CLI) writes.
create policy tenant_self on public.tenants for select to authenticated
  using (id = public.current_tenant_id());
grant select on public.tenants to authenticated;

do $$
declare t text;
begin
  foreach t in array array['tenant_secrets', 'tenant_members', 'whatsapp_senders', 'inbound_messages', 'sessions',
                           'tenant_memory', 'pending_actions', 'tool_calls', 'max_logs', 'outbox']
  loop
    execute format(
      'create policy tenant_isolation on public.%I for all to authenticated
         using (tenant_id = public.current_tenant_id())
         with check (tenant_id = public.current_tenant_id())', t);
  end loop;
end
$$;

grant select on public.tenant_secrets to authenticated;
grant select on public.tenant_members to authenticated;
grant select, update (opted_out) on public.whatsapp_senders to authenticated;
grant select, insert, update (status, attempts, lease_until, error, processed_at, request_id)
  on public.inbound_messages to authenticated;
grant select, insert, update on public.sessions to authenticated;
grant select, insert, update, delete on public.tenant_memory to authenticated;
grant select, insert, update (consumed_at) on public.pending_actions to authenticated;
grant select, insert on public.tool_calls to authenticated;
grant select, insert, update (status, attempts, next_attempt_at, provider_message_id, last_error, sent_at)
  on public.outbox to authenticated;
-- Audit log: append and read, never change.
grant select, insert on public.max_logs to authenticated;

-- service_role bypasses RLS (Supabase semantics) for operations and the instance → tenant lookup.
grant select, insert, update, delete on public.tenants, public.tenant_secrets, public.tenant_members,
  public.whatsapp_senders, public.inbound_messages, public.sessions, public.tenant_memory,
  public.pending_actions, public.tool_calls, public.outbox to service_role;
grant select, insert on public.max_logs to service_role;

grant usage on schema public to anon, authenticated, service_role;

-- Append-only, whoever asks (even a table owner who bypasses grants).
create or replace function public.max_logs_append_only() returns trigger
language plpgsql as $$
begin
  raise exception 'max_logs is append-only (% refused)', tg_op using errcode = 'insufficient_privilege';
end
$$;
create trigger max_logs_no_update before update or delete on public.max_logs
  for each row execute function public.max_logs_append_only();
create trigger max_logs_no_truncate before truncate on public.max_logs
  for each statement execute function public.max_logs_append_only();
