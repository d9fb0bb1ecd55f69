-- Tenant memory, used: what MAX knows about a business (tenant_memory), and about each sender
-- (whatsapp_senders). The key scheme is packages/core/src/agent/memory/keys.ts:
--   profile.<field>  sector, offer, customers, tone, hours, location
--   default.<Entity>.<field>  a value the create tools use when a command gives none (default.Lead.source)
--   goal.<n>, pref.<n>, note.<n>  goals, preferences, long-term notes
-- The agent writes it only through max_commit_turn (a tool outcome's changes, with the turn), and
-- audits each change there (key and length, never the value). The tools check the limits below and
-- answer clearly; the database enforces them too, whoever writes.

-- Bounds: at most 500 characters a value, a key of plain characters. (NOT VALID: rows written before
-- this migration are not re-checked; every new write is.)
alter table public.tenant_memory
  add constraint tenant_memory_value_size check (length(value) between 1 and 500) not valid,
  add constraint tenant_memory_key_shape check (key ~ '^[a-z][A-Za-z0-9_.-]{0,99}$') not valid;

-- At most 50 entries per tenant. Writers of one tenant's memory take turns (a transaction-scoped
-- advisory lock), so two turns can never both take the 50th place. Replacing an existing key (the
-- commit's insert … on conflict do update) never counts as a new entry.
create or replace function public.tenant_memory_limit() returns trigger
language plpgsql as $$
declare
  v_count int;
begin
  perform pg_advisory_xact_lock(hashtext('max.tenant_memory'), hashtext(new.tenant_id));
  if exists (select 1 from public.tenant_memory m where m.tenant_id = new.tenant_id and m.key = new.key) then
    return new;
  end if;
  select count(*) into v_count from public.tenant_memory m where m.tenant_id = new.tenant_id;
  if v_count >= 50 then
    raise exception 'tenant memory is full (50 entries)' using errcode = 'check_violation';
  end if;
  return new;
end
$$;
create trigger tenant_memory_limit before insert or update of tenant_id, key on public.tenant_memory
  for each row execute function public.tenant_memory_limit();

-- A change made outside the agent (a signed-in user of the tenant through the API, whose claims
-- carry a `sub`) is audited here; the agent's own changes (claims without `sub`) are audited by its
-- commit, with the sender and the message.
create or replace function public.tenant_memory_audit() returns trigger
language plpgsql as $$
declare
  v_sub text := auth.jwt() ->> 'sub';
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
create trigger tenant_memory_audit after insert or update or delete on public.tenant_memory
  for each row execute function public.tenant_memory_audit();

-- The sender's own facts: the name to call them by, the language to answer in.
alter table public.whatsapp_senders
  add column preferred_name text check (preferred_name is null or length(preferred_name) between 1 and 60),
  add column preferred_language text check (preferred_language is null or preferred_language in ('fr', 'en'));
-- max_commit_turn sets them (as `authenticated`, under the tenant's claim) from a turn's
-- `memory.sender`; nothing else does.
grant update (preferred_name, preferred_language) on public.whatsapp_senders to authenticated;
