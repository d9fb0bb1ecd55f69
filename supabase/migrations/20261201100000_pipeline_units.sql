-- The agent's units of work as SQL functions: one statement (one round trip) each, run under RLS
-- as `authenticated` with the tenant claim set locally by the function itself (what PostgREST does
-- per request). Only the agent's own connection (the owner) and service_role may call them.
--
--   max_begin_turn      claim a message, wait for its turn / burst / rate, load its whole context
--   max_put_tool_result store one tool call's result (or "outcome unknown"), renew the lease
--   max_heartbeat       renew the lease of a running attempt
--   max_commit_turn     audit + session + memory + pending action + outbox + status, take the replies
--   max_fail_turn       give a message back (retryable) or mark it dead
--   max_take_outbox     take unsent replies (of one message, or due ones)
--   max_complete_send   record what became of one send
--   max_dead_letter     record a message the queue gave up on, and queue its notice
--
-- Every write is fenced by the attempt number: an attempt whose lease was taken over cannot commit.

-- Tenant settings the pipeline needs -------------------------------------------------------------

alter table public.tenants
  -- WhatsApp groups are off unless the tenant turns them on.
  add column groups_enabled boolean not null default false,
  -- In a group, CRM records, e-mail addresses and phone numbers go to the sender's private chat
  -- unless this is true.
  add column group_crm_data boolean not null default false,
  -- In a group MAX answers only messages that mention it or start with this name.
  add column assistant_name text not null default 'MAX' check (assistant_name ~ '^[[:alnum:] _.-]{1,40}$'),
  -- Distinct messages of one chat started per minute; more wait their turn (they are never dropped).
  add column chat_messages_per_minute integer not null default 20 check (chat_messages_per_minute between 1 and 600),
  -- Bumped on any change of the tenant's settings or secrets: warm agents rebuild their clients.
  add column settings_version bigint not null default 1;

create or replace function public.tenants_bump_version() returns trigger
language plpgsql as $$
begin
  if (to_jsonb(new) - 'settings_version' - 'updated_at') is distinct from (to_jsonb(old) - 'settings_version' - 'updated_at') then
    new.settings_version := old.settings_version + 1;
  end if;
  return new;
end
$$;
create trigger tenants_settings_version before update on public.tenants
  for each row execute function public.tenants_bump_version();

create or replace function public.tenant_secrets_bump_version() returns trigger
language plpgsql as $$
begin
  update public.tenants set settings_version = settings_version + 1
   where id = coalesce(new.tenant_id, old.tenant_id);
  return null;
end
$$;
create trigger tenant_secrets_settings_version after insert or update or delete on public.tenant_secrets
  for each row execute function public.tenant_secrets_bump_version();

-- Messages ---------------------------------------------------------------------------------------

alter table public.inbound_messages
  drop constraint inbound_messages_status_check,
  -- dead: failed for good (retries exhausted or refused); it never blocks later messages of its chat.
  -- throttled: legacy rows of the old edge throttling (never produced any more).
  add constraint inbound_messages_status_check
    check (status in ('received', 'processing', 'done', 'failed', 'dead', 'throttled', 'ignored')),
  -- The person who wrote: the chat itself in a 1:1 chat, the member in a group.
  add column sender_id text,
  -- When this agent first recorded the message (bursts settle on it).
  add column claimed_at timestamptz,
  -- When its first attempt started (the per-chat rate counts distinct started messages).
  add column started_at timestamptz,
  -- What the turn ended as (answered, unknown_sender, paused, merged, group_ignored…), for the audit.
  add column outcome text check (outcome is null or outcome ~ '^[a-z_]{1,40}$');

update public.inbound_messages set sender_id = chat_id, claimed_at = received_at;

-- A message taken into another's turn (a burst) is `processing` under that turn's lease until the
-- turn commits (then `done`), or is given back.
alter table public.inbound_messages
  drop constraint inbound_messages_merged_is_done,
  add constraint inbound_messages_merged_is_done check (merged_into is null or status in ('processing', 'done'));
alter table public.inbound_messages
  alter column sender_id set not null,
  alter column claimed_at set not null,
  alter column claimed_at set default now();

drop index if exists public.inbound_messages_open_chat_idx;
create index inbound_messages_open_conv_idx on public.inbound_messages (tenant_id, chat_id, sender_id, wa_timestamp)
  where status in ('received', 'processing', 'failed');
create index inbound_messages_started_idx on public.inbound_messages (tenant_id, chat_id, started_at)
  where started_at is not null;

grant update (status, attempts, lease_until, error, processed_at, request_id, content, merged_into, started_at, outcome)
  on public.inbound_messages to authenticated;

-- Replies: 'unknown' = the send may have happened (timeout, lost answer): Green-API's own record of
-- sent messages decides before any re-send.
alter table public.outbox
  drop constraint outbox_status_check,
  add constraint outbox_status_check check (status in ('pending', 'sending', 'sent', 'unknown', 'failed'));
drop index if exists public.outbox_due_idx;
create index outbox_due_idx on public.outbox (tenant_id, next_attempt_at) where status in ('pending', 'sending', 'unknown');

-- Tool calls: 'unknown' = a CRM write whose answer was lost; the retry looks before writing again.
alter table public.tool_calls
  add column state text not null default 'done' check (state in ('done', 'unknown'));
grant update (tool, args_digest, ok, result, state) on public.tool_calls to authenticated;

-- Confirmations: one open action per conversation; how each one ended.
alter table public.pending_actions
  add column resolution text check (resolution is null or resolution in ('confirmed', 'cancelled', 'superseded'));
grant update (consumed_at, resolution) on public.pending_actions to authenticated;

create or replace view public.recent_failures with (security_invoker = true) as
select 'message' as kind, m.tenant_id, coalesce(m.processed_at, m.received_at) as at, m.id_message as ref,
       m.error as detail, m.attempts
from public.inbound_messages m
where m.status in ('failed', 'dead') and m.received_at > now() - interval '7 days'
union all
select 'tool' as kind, l.tenant_id, l.created_at as at, l.action as ref, l.detail ->> 'outcome' as detail, null
from public.max_logs l
where l.result = 'error' and l.created_at > now() - interval '7 days'
union all
select 'outbox' as kind, o.tenant_id, o.created_at as at, o.send_key as ref, o.last_error as detail, o.attempts
from public.outbox o
where o.status = 'failed' or (o.status <> 'sent' and o.attempts > 2);

-- Entering a tenant ------------------------------------------------------------------------------

-- Switches the transaction to `authenticated` with this tenant's claim. Refuses a caller that is
-- itself a tenant user, or that already carries another tenant's claim.
create or replace function public.max_enter(p_tenant text) returns void
language plpgsql as $$
declare
  v_claimed text := nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'tenant_id';
begin
  if current_user in ('anon', 'authenticated') then
    raise exception 'max units of work are not for tenant users' using errcode = 'insufficient_privilege';
  end if;
  if p_tenant is null or (v_claimed is not null and v_claimed <> p_tenant) then
    raise exception 'tenant claim mismatch' using errcode = 'insufficient_privilege';
  end if;
  perform set_config('role', 'authenticated', true);
  perform set_config('request.jwt.claims', json_build_object('role', 'authenticated', 'tenant_id', p_tenant)::text, true);
end
$$;

-- The tenant of a Green-API instance, read as service_role (the tenant is not known yet).
create or replace function public.max_instance_tenant(p_instance text) returns text
language plpgsql as $$
declare v_id text;
begin
  if current_user in ('anon', 'authenticated') then
    raise exception 'max units of work are not for tenant users' using errcode = 'insufficient_privilege';
  end if;
  perform set_config('role', 'service_role', true);
  select id into v_id from public.tenants where green_api_instance_id = p_instance;
  return v_id;
end
$$;

-- Takes the replies of one message (or the due ones) for sending: each row is locked, marked
-- `sending` under a lease and returned once; `checkFirst` says its last send may have happened.
create or replace function public.max_take_outbox_rows(p_tenant text, p_message uuid, p_limit int, p_due_only boolean)
returns jsonb language sql as $$
  with due as (
    select o.id, o.status as prev from public.outbox o
     where o.tenant_id = p_tenant
       and (p_message is null or o.message_id = p_message)
       and (o.status in ('pending', 'unknown') or (o.status = 'sending' and o.next_attempt_at <= now()))
       and (not p_due_only or o.next_attempt_at <= now())
     order by o.created_at
     limit p_limit
     for update skip locked
  ), taken as (
    update public.outbox o
       set status = 'sending', attempts = o.attempts + 1, next_attempt_at = now() + interval '20 seconds'
      from due where o.id = due.id
    returning o.id, o.message_id, o.chat_id, o.body, o.quoted_message_id, o.send_key, o.attempts, o.created_at,
              due.prev in ('unknown', 'sending') as check_first
  )
  select coalesce(jsonb_agg(jsonb_build_object(
           'id', id, 'messageId', message_id, 'chatId', chat_id, 'body', body, 'quotedMessageId', quoted_message_id,
           'sendKey', send_key, 'attempts', attempts, 'createdAt', created_at, 'checkFirst', check_first)
           order by created_at), '[]'::jsonb)
    from taken
$$;

-- Claim, turn, context ---------------------------------------------------------------------------

create or replace function public.max_begin_turn(p jsonb) returns jsonb
language plpgsql as $$
declare
  v_now timestamptz := clock_timestamp();
  v_tid text;
  v_tenant public.tenants;
  v_chat text := p ->> 'chatId';
  v_sender text := coalesce(p ->> 'senderId', p ->> 'chatId');
  v_session_key text := coalesce(p ->> 'sessionKey', p ->> 'chatId');
  v_channel text := coalesce(p ->> 'channel', 'whatsapp');
  v_lease interval := make_interval(secs => coalesce((p ->> 'leaseMs')::numeric, 20000) / 1000);
  v_known boolean;
  v_member_role text;
  v_row public.inbound_messages;
  v_earlier int;
  v_last record;
  v_wait numeric;
  v_recent int;
  v_oldest timestamptz;
  v_notice jsonb := '[]'::jsonb;
  v_followers jsonb := '[]'::jsonb;
begin
  if p ? 'instance' then
    v_tid := public.max_instance_tenant(p ->> 'instance');
    if v_tid is null then
      return jsonb_build_object('outcome', 'unknown_instance');
    end if;
  else
    v_tid := p ->> 'tenantId';
  end if;
  perform public.max_enter(v_tid);
  select * into v_tenant from public.tenants where id = v_tid;
  if not found then
    return jsonb_build_object('outcome', 'unknown_instance');
  end if;
  if v_tenant.status <> 'active' then
    return jsonb_build_object('outcome', 'tenant_disabled', 'tenantId', v_tid);
  end if;

  -- A human typed on the business phone: record it (once) and pause the bot in that chat.
  if v_channel = 'human' then
    insert into public.inbound_messages (tenant_id, id_message, chat_id, sender_id, type_message, wa_timestamp,
                                         request_id, status, attempts, received_at, claimed_at, processed_at, outcome)
    values (v_tid, p ->> 'idMessage', v_chat, v_chat, p ->> 'typeMessage', coalesce((p ->> 'waTimestamp')::bigint, 0),
            p ->> 'requestId', 'ignored', 0, coalesce((p ->> 'receivedAt')::timestamptz, v_now), v_now, v_now, 'human_active')
    on conflict (tenant_id, id_message) do nothing
    returning * into v_row;
    if v_row.id is null then
      return jsonb_build_object('outcome', 'duplicate', 'tenantId', v_tid, 'status', 'ignored', 'unsent', 0);
    end if;
    insert into public.sessions (tenant_id, chat_id, paused_until, updated_at)
    values (v_tid, v_chat, v_now + make_interval(mins => v_tenant.human_pause_minutes), v_now)
    on conflict (tenant_id, chat_id) do update set paused_until = excluded.paused_until, updated_at = excluded.updated_at;
    return jsonb_build_object('outcome', 'paused', 'tenantId', v_tid, 'messageId', v_row.id);
  end if;

  -- Groups are off unless the tenant turned them on: recorded as ignored, nothing of it kept.
  if v_channel = 'whatsapp' and v_chat like '%@g.us' and not v_tenant.groups_enabled then
    insert into public.inbound_messages (tenant_id, id_message, chat_id, sender_id, type_message, wa_timestamp,
                                         request_id, status, attempts, received_at, claimed_at, processed_at, outcome)
    values (v_tid, p ->> 'idMessage', v_chat, v_sender, p ->> 'typeMessage', coalesce((p ->> 'waTimestamp')::bigint, 0),
            p ->> 'requestId', 'ignored', 0, coalesce((p ->> 'receivedAt')::timestamptz, v_now), v_now, v_now, 'group_disabled')
    on conflict (tenant_id, id_message) do nothing;
    return jsonb_build_object('outcome', 'ignored', 'tenantId', v_tid, 'reason', 'group_disabled');
  end if;

  if v_channel = 'web' then
    select role into v_member_role from public.tenant_members
     where tenant_id = v_tid and user_id = (p ->> 'userId')::uuid;
    v_known := v_member_role is not null;
    if not v_known then
      return jsonb_build_object('outcome', 'not_member', 'tenantId', v_tid);
    end if;
  else
    v_known := exists (select 1 from public.whatsapp_senders w where w.tenant_id = v_tid and w.chat_id = v_sender);
  end if;

  -- The claim. A stranger's message keeps no content (no text, transcript or media URL).
  insert into public.inbound_messages (tenant_id, id_message, chat_id, sender_id, type_message, wa_timestamp, request_id,
                                       status, attempts, received_at, claimed_at, content)
  values (v_tid, p ->> 'idMessage', v_chat, v_sender, p ->> 'typeMessage', coalesce((p ->> 'waTimestamp')::bigint, 0),
          p ->> 'requestId', 'received', 0, coalesce((p ->> 'receivedAt')::timestamptz, v_now), v_now,
          case when v_known then nullif(p -> 'content', 'null'::jsonb) end)
  on conflict (tenant_id, id_message) do nothing
  returning * into v_row;
  if v_row.id is null then
    select * into v_row from public.inbound_messages where tenant_id = v_tid and id_message = p ->> 'idMessage';
    if v_row.status = 'dead' and coalesce((p ->> 'replay')::boolean, false) then
      update public.inbound_messages set status = 'received', error = null, processed_at = null
       where tenant_id = v_tid and id = v_row.id returning * into v_row;
    end if;
    if v_row.status in ('done', 'ignored', 'dead') then
      return jsonb_build_object('outcome', 'duplicate', 'tenantId', v_tid, 'messageId', v_row.id, 'status', v_row.status,
        'unsent', (select count(*) from public.outbox o
                    where o.tenant_id = v_tid and o.message_id = v_row.id and o.status in ('pending', 'unknown', 'sending')));
    end if;
    if v_row.status = 'processing' and v_row.lease_until > v_now then
      -- A live attempt holds it: come back when its lease would have run out.
      return jsonb_build_object('outcome', 'busy', 'tenantId', v_tid, 'messageId', v_row.id,
        'retryAfterMs', ceil(extract(epoch from v_row.lease_until - v_now) * 1000) + 500);
    end if;
  end if;

  if v_channel = 'whatsapp' and v_known then
    -- Order: an earlier open message of this sender in this chat goes first. Dead messages, and
    -- open ones older than the horizon, never block.
    select count(*) into v_earlier from public.inbound_messages o
     where o.tenant_id = v_tid and o.chat_id = v_chat and o.sender_id = v_sender and o.id <> v_row.id
       and o.status in ('received', 'processing', 'failed')
       and (o.wa_timestamp, o.id_message) < (v_row.wa_timestamp, v_row.id_message)
       and o.claimed_at > v_now - make_interval(secs => coalesce((p ->> 'orderHorizonS')::numeric, 900));
    if v_earlier > 0 then
      return jsonb_build_object('outcome', 'wait', 'reason', 'earlier', 'tenantId', v_tid, 'messageId', v_row.id,
                                'retryAfterMs', 250);
    end if;

    -- Burst: wait while the last message of this sender looks unfinished (the full window), else
    -- briefly (settle) after the latest claim of its burst: messages of one chat that the queue
    -- delivers together, or out of order, are all claimed by then, so the earliest leads.
    select max(f.claimed_at) over () as claimed_at,
           coalesce((f.content ->> 'unfinished')::boolean, false) as unfinished into v_last
      from public.inbound_messages f
     where f.tenant_id = v_tid and f.chat_id = v_chat and f.sender_id = v_sender
       and (f.id = v_row.id or (f.status = 'received' and f.content is not null
            and (f.wa_timestamp, f.id_message) > (v_row.wa_timestamp, v_row.id_message)
            and f.wa_timestamp <= v_row.wa_timestamp + coalesce((p ->> 'burstSpanS')::int, 30)))
     order by f.wa_timestamp desc, f.id_message desc
     limit 1;
    v_wait := (case when v_last.unfinished then coalesce((p ->> 'burstWindowMs')::numeric, 3000)
                    else coalesce((p ->> 'settleMs')::numeric, 100) end)
              - extract(epoch from v_now - v_last.claimed_at) * 1000;
    if v_wait > 0 and v_now - v_row.claimed_at < make_interval(secs => coalesce((p ->> 'burstMaxWaitMs')::numeric, 10000) / 1000) then
      return jsonb_build_object('outcome', 'wait', 'reason', 'burst', 'tenantId', v_tid, 'messageId', v_row.id,
                                'retryAfterMs', ceil(v_wait));
    end if;

    -- Rate: distinct messages of this chat started in the last minute (redeliveries do not count).
    if v_row.started_at is null then
      select count(*), min(r.started_at) into v_recent, v_oldest from public.inbound_messages r
       where r.tenant_id = v_tid and r.chat_id = v_chat and r.started_at > v_now - interval '60 seconds';
      if v_recent >= v_tenant.chat_messages_per_minute then
        if p ->> 'throttleNotice' is not null then
          insert into public.outbox (tenant_id, message_id, chat_id, body, send_key)
          values (v_tid, v_row.id, v_chat, p ->> 'throttleNotice',
                  'slow:' || v_chat || ':' || floor(extract(epoch from v_now) / 60)::bigint)
          on conflict (tenant_id, send_key) do nothing;
          v_notice := public.max_take_outbox_rows(v_tid, v_row.id, 5, false);
        end if;
        return jsonb_build_object('outcome', 'wait', 'reason', 'throttled', 'tenantId', v_tid, 'messageId', v_row.id,
          'retryAfterMs', greatest(1000, ceil(extract(epoch from v_oldest + interval '60 seconds' - v_now) * 1000)),
          'outbox', v_notice);
      end if;
    end if;
  end if;

  -- The turn is ours (a follower whose leader died is taken over here, and runs on its own).
  update public.inbound_messages
     set status = 'processing', attempts = attempts + 1, lease_until = v_now + v_lease, merged_into = null,
         started_at = coalesce(started_at, v_now), request_id = p ->> 'requestId', error = null
   where tenant_id = v_tid and id = v_row.id
     and (status in ('received', 'failed', 'throttled') or (status = 'processing' and lease_until <= v_now))
  returning * into v_row;
  if not found then
    return jsonb_build_object('outcome', 'busy', 'tenantId', v_tid, 'retryAfterMs', 1000);
  end if;

  -- Its burst: later text messages of the same sender, taken into this turn at once (row locks: a
  -- message joins one turn only). Each runs and is answered within it; the commit marks them done.
  if v_channel = 'whatsapp' and v_known then
    with taken as (
      update public.inbound_messages f
         set status = 'processing', merged_into = v_row.id, lease_until = v_row.lease_until,
             started_at = coalesce(f.started_at, v_now)
       where f.id in (
               select c.id from public.inbound_messages c
                where c.tenant_id = v_tid and c.chat_id = v_chat and c.sender_id = v_sender and c.id <> v_row.id
                  and c.status = 'received' and c.content ->> 'kind' = 'text'
                  and (c.wa_timestamp, c.id_message) > (v_row.wa_timestamp, v_row.id_message)
                  and c.wa_timestamp <= v_row.wa_timestamp + coalesce((p ->> 'burstSpanS')::int, 30)
                order by c.wa_timestamp, c.id_message
                limit coalesce((p ->> 'maxFollowers')::int, 4)
                for update skip locked)
         and f.status = 'received'
      returning f.id, f.id_message, f.wa_timestamp, f.content)
    select coalesce(jsonb_agg(jsonb_build_object('id', id, 'idMessage', id_message, 'waTimestamp', wa_timestamp,
                                                 'content', content) order by wa_timestamp, id_message), '[]'::jsonb)
      into v_followers from taken;
  end if;

  return jsonb_build_object(
    'outcome', 'claimed',
    'tenantId', v_tid,
    'messageId', v_row.id,
    'attempt', v_row.attempts,
    'receivedAt', v_row.received_at,
    'followers', v_followers,
    'tenant', to_jsonb(v_tenant),
    'sender', (select to_jsonb(w) from public.whatsapp_senders w where w.tenant_id = v_tid and w.chat_id = v_sender),
    'memberRole', v_member_role,
    'session', (select to_jsonb(s) from public.sessions s where s.tenant_id = v_tid and s.chat_id = v_session_key),
    'memory', (select coalesce(jsonb_object_agg(m.key, m.value), '{}'::jsonb) from public.tenant_memory m where m.tenant_id = v_tid),
    -- Secret ciphertexts only when the caller's cached clients are older than the settings.
    'secrets', case when coalesce((p ->> 'knownVersion')::bigint, 0) = v_tenant.settings_version then null else (
      select coalesce(jsonb_agg(jsonb_build_object('name', s.name, 'keyId', s.key_id, 'ciphertext', s.ciphertext)), '[]'::jsonb)
        from public.tenant_secrets s where s.tenant_id = v_tid) end,
    'pending', (select to_jsonb(a) from public.pending_actions a
                 where a.tenant_id = v_tid and a.chat_id = v_session_key and a.consumed_at is null and a.expires_at > v_now
                 order by a.created_at desc limit 1),
    'stored', case when v_row.attempts > 1 then (
      select coalesce(jsonb_agg(jsonb_build_object('callIndex', t.call_index, 'tool', t.tool, 'argsDigest', t.args_digest,
                                                   'ok', t.ok, 'result', t.result, 'state', t.state) order by t.call_index), '[]'::jsonb)
        from public.tool_calls t where t.tenant_id = v_tid and t.message_id = v_row.id) else '[]'::jsonb end,
    'refusedBefore', case when v_known then false else exists (
      select 1 from public.inbound_messages r
       where r.tenant_id = v_tid and r.chat_id = v_chat and r.id <> v_row.id and r.outcome = 'unknown_sender') end
  );
end
$$;

-- Tool results, lease, failure -------------------------------------------------------------------

create or replace function public.max_put_tool_result(p_tenant text, p_message uuid, p_attempt int, c jsonb, p_lease_ms int)
returns boolean language plpgsql as $$
begin
  perform public.max_enter(p_tenant);
  update public.inbound_messages set lease_until = now() + make_interval(secs => p_lease_ms / 1000.0)
   where tenant_id = p_tenant and id = p_message and attempts = p_attempt and status = 'processing';
  if not found then
    return false;
  end if;
  update public.inbound_messages set lease_until = now() + make_interval(secs => p_lease_ms / 1000.0)
   where tenant_id = p_tenant and merged_into = p_message and status = 'processing';
  insert into public.tool_calls (tenant_id, message_id, call_index, tool, args_digest, ok, result, state)
  values (p_tenant, p_message, (c ->> 'callIndex')::int, c ->> 'tool', c ->> 'argsDigest', (c ->> 'ok')::boolean,
          coalesce(c -> 'result', 'null'::jsonb), coalesce(c ->> 'state', 'done'))
  on conflict (tenant_id, message_id, call_index) do update
    set tool = excluded.tool, args_digest = excluded.args_digest, ok = excluded.ok, result = excluded.result, state = excluded.state
    where public.tool_calls.state = 'unknown';
  return true;
end
$$;

create or replace function public.max_heartbeat(p_tenant text, p_message uuid, p_attempt int, p_lease_ms int)
returns boolean language plpgsql as $$
begin
  perform public.max_enter(p_tenant);
  update public.inbound_messages set lease_until = now() + make_interval(secs => p_lease_ms / 1000.0)
   where tenant_id = p_tenant and id = p_message and attempts = p_attempt and status = 'processing';
  if not found then
    return false;
  end if;
  -- The messages taken into this turn share its lease.
  update public.inbound_messages set lease_until = now() + make_interval(secs => p_lease_ms / 1000.0)
   where tenant_id = p_tenant and merged_into = p_message and status = 'processing';
  return true;
end
$$;

-- Gives a turn's taken followers back (its attempt failed, or it did not use them): they run again,
-- taken by the retry or on their own.
create or replace function public.max_release_followers(p_tenant text, p_message uuid, p_keep jsonb)
returns void language sql as $$
  update public.inbound_messages
     set status = 'received', merged_into = null, lease_until = null
   where tenant_id = p_tenant and merged_into = p_message and status = 'processing'
     and id not in (select value::uuid from jsonb_array_elements_text(coalesce(p_keep, '[]'::jsonb)))
$$;

create or replace function public.max_fail_turn(p_tenant text, p_message uuid, p_attempt int, p_error text, p_final boolean)
returns boolean language plpgsql as $$
begin
  perform public.max_enter(p_tenant);
  update public.inbound_messages
     set status = case when p_final then 'dead' else 'failed' end, error = left(p_error, 200),
         lease_until = null, processed_at = case when p_final then now() else processed_at end
   where tenant_id = p_tenant and id = p_message and attempts = p_attempt and status = 'processing';
  if not found then
    return false;
  end if;
  perform public.max_release_followers(p_tenant, p_message, null);
  return true;
end
$$;

-- Commit -----------------------------------------------------------------------------------------

create or replace function public.max_commit_turn(p jsonb) returns jsonb
language plpgsql as $$
declare
  v_tid text := p ->> 'tenantId';
  v_mid uuid := (p ->> 'messageId')::uuid;
  v_now timestamptz := clock_timestamp();
  v_pending jsonb := p -> 'pendingCreate';
begin
  perform public.max_enter(v_tid);
  -- Fenced: only the attempt that holds the message may finish it.
  update public.inbound_messages
     set status = p ->> 'status', outcome = p ->> 'outcome', error = p ->> 'error', processed_at = v_now, lease_until = null,
         content = case when coalesce((p ->> 'keepContent')::boolean, false) then content end
   where tenant_id = v_tid and id = v_mid and attempts = (p ->> 'attempt')::int and status = 'processing';
  if not found then
    raise exception 'lease lost' using errcode = 'MX001';
  end if;

  -- The burst this turn handled is done with it; what it took but did not handle is given back.
  update public.inbound_messages
     set status = 'done', processed_at = v_now, outcome = 'merged', content = null, lease_until = null
   where tenant_id = v_tid and merged_into = v_mid and status = 'processing'
     and id in (select value::uuid from jsonb_array_elements_text(coalesce(p -> 'merged', '[]'::jsonb)));
  perform public.max_release_followers(v_tid, v_mid, p -> 'merged');

  insert into public.max_logs (tenant_id, message_id, actor, action, target_entity, target_id, args_digest, result, latency_ms, detail)
  select v_tid, a.message_id, a.actor, a.action, a.target_entity, a.target_id, a.args_digest, a.result, greatest(0, a.latency_ms), a.detail
    from jsonb_to_recordset(coalesce(p -> 'audit', '[]'::jsonb))
      as a(message_id uuid, actor text, action text, target_entity text, target_id text, args_digest text, result text,
           latency_ms int, detail jsonb);

  if p -> 'session' is not null and jsonb_typeof(p -> 'session') = 'object' then
    insert into public.sessions (tenant_id, chat_id, turns, focus, paused_until, updated_at)
    values (v_tid, p -> 'session' ->> 'key',
            coalesce((select jsonb_agg(t order by i) from jsonb_array_elements(p -> 'session' -> 'turns') with ordinality as x(t, i)
                       where i > jsonb_array_length(p -> 'session' -> 'turns') - 12), '[]'::jsonb),
            nullif(p -> 'session' -> 'focus', 'null'::jsonb), (p -> 'session' ->> 'pausedUntil')::timestamptz, v_now)
    on conflict (tenant_id, chat_id) do update
      set turns = excluded.turns, focus = excluded.focus, updated_at = excluded.updated_at,
          paused_until = greatest(public.sessions.paused_until, excluded.paused_until);
  end if;

  if p -> 'pendingResolve' is not null and jsonb_typeof(p -> 'pendingResolve') = 'object' then
    update public.pending_actions set consumed_at = v_now, resolution = p -> 'pendingResolve' ->> 'resolution'
     where tenant_id = v_tid and id = (p -> 'pendingResolve' ->> 'id')::uuid and consumed_at is null;
  end if;
  if v_pending is not null and jsonb_typeof(v_pending) = 'object' then
    -- At most one open action per conversation: a new prompt supersedes the previous one.
    update public.pending_actions set consumed_at = v_now, resolution = 'superseded'
     where tenant_id = v_tid and chat_id = v_pending ->> 'key' and consumed_at is null;
    insert into public.pending_actions (tenant_id, chat_id, tool, args, args_digest, expires_at, created_at)
    values (v_tid, v_pending ->> 'key', v_pending ->> 'tool', coalesce(v_pending -> 'args', '{}'::jsonb), v_pending ->> 'argsDigest',
            v_now + make_interval(secs => coalesce((v_pending ->> 'ttlMs')::numeric, 600000) / 1000), v_now);
  end if;

  if p -> 'optOut' is not null and jsonb_typeof(p -> 'optOut') = 'object' then
    update public.whatsapp_senders set opted_out = (p -> 'optOut' ->> 'value')::boolean
     where tenant_id = v_tid and chat_id = p -> 'optOut' ->> 'chatId';
  end if;

  if p -> 'memory' is not null and jsonb_typeof(p -> 'memory') = 'object' then
    delete from public.tenant_memory
     where tenant_id = v_tid and key in (select jsonb_array_elements_text(coalesce(p -> 'memory' -> 'delete', '[]'::jsonb)));
    insert into public.tenant_memory (tenant_id, key, value, updated_at)
    select v_tid, key, value, v_now from jsonb_each_text(coalesce(p -> 'memory' -> 'set', '{}'::jsonb))
    on conflict (tenant_id, key) do update set value = excluded.value, updated_at = excluded.updated_at;
    -- The sender's own facts (columns of 20261201120000_tenant_memory.sql): a key absent leaves
    -- the column as it is, null clears it.
    update public.whatsapp_senders w
       set preferred_name = case when f ? 'name' then nullif(left(btrim(f ->> 'name'), 60), '') else w.preferred_name end,
           preferred_language = case when f ? 'language' then f ->> 'language' else w.preferred_language end
      from (select p -> 'memory' -> 'sender' as f) x
     where jsonb_typeof(x.f) = 'object' and w.tenant_id = v_tid and w.chat_id = x.f ->> 'chatId';
  end if;

  insert into public.outbox (tenant_id, message_id, chat_id, body, quoted_message_id, send_key)
  select v_tid, v_mid, o.chat_id, o.body, o.quoted_message_id, o.send_key
    from jsonb_to_recordset(coalesce(p -> 'outbox', '[]'::jsonb)) as o(chat_id text, body text, quoted_message_id text, send_key text)
  on conflict (tenant_id, send_key) do nothing;

  return jsonb_build_object('outbox', public.max_take_outbox_rows(v_tid, v_mid, 10, false));
end
$$;

-- Sending ----------------------------------------------------------------------------------------

create or replace function public.max_take_outbox(p_tenant text, p_message uuid, p_limit int, p_due_only boolean)
returns jsonb language plpgsql as $$
begin
  perform public.max_enter(p_tenant);
  return public.max_take_outbox_rows(p_tenant, p_message, p_limit, p_due_only);
end
$$;

create or replace function public.max_complete_send(p_tenant text, p_outbox uuid, r jsonb) returns text
language plpgsql as $$
declare
  v_status text;
  v_candidate text;
  v_retry interval := make_interval(secs => coalesce((r ->> 'retryAfterMs')::numeric, 5000) / 1000);
begin
  perform public.max_enter(p_tenant);
  if r ? 'candidates' then
    -- Green-API's record holds messages like this one: the first that no other reply already owns is
    -- this reply's earlier send (two identical replies to one chat are two messages).
    select c into v_candidate from jsonb_array_elements_text(r -> 'candidates') with ordinality as x(c, i)
     where not exists (select 1 from public.outbox o where o.tenant_id = p_tenant and o.provider_message_id = x.c)
     order by x.i limit 1;
    if v_candidate is null then
      return 'unmatched';
    end if;
    update public.outbox set status = 'sent', provider_message_id = v_candidate, sent_at = now(), last_error = null
     where tenant_id = p_tenant and id = p_outbox returning status into v_status;
  elsif coalesce((r ->> 'sent')::boolean, false) then
    update public.outbox set status = 'sent', provider_message_id = r ->> 'providerMessageId', sent_at = now(), last_error = null
     where tenant_id = p_tenant and id = p_outbox returning status into v_status;
  else
    update public.outbox
       set status = case
             when coalesce((r ->> 'permanent')::boolean, false) or attempts >= coalesce((r ->> 'maxAttempts')::int, 8) then 'failed'
             when r ->> 'delivery' = 'unknown' then 'unknown'
             else 'pending' end,
           last_error = left(r ->> 'error', 200),
           next_attempt_at = now() + v_retry
     where tenant_id = p_tenant and id = p_outbox and status = 'sending'
    returning status into v_status;
  end if;
  return v_status;
end
$$;

-- Dead letters -----------------------------------------------------------------------------------

create or replace function public.max_dead_letter(p jsonb) returns jsonb
language plpgsql as $$
declare
  v_tid text;
  v_row public.inbound_messages;
  v_known boolean;
  v_now timestamptz := clock_timestamp();
  v_sender text := coalesce(p ->> 'senderId', p ->> 'chatId');
begin
  v_tid := public.max_instance_tenant(p ->> 'instance');
  if v_tid is null then
    return jsonb_build_object('outcome', 'unknown_instance');
  end if;
  perform public.max_enter(v_tid);
  v_known := exists (select 1 from public.whatsapp_senders w where w.tenant_id = v_tid and w.chat_id = v_sender);
  insert into public.inbound_messages (tenant_id, id_message, chat_id, sender_id, type_message, wa_timestamp, request_id,
                                       status, attempts, received_at, claimed_at, processed_at, error, content)
  values (v_tid, p ->> 'idMessage', p ->> 'chatId', v_sender, coalesce(p ->> 'typeMessage', 'unknown'),
          coalesce((p ->> 'waTimestamp')::bigint, 0), p ->> 'requestId', 'dead', 0,
          coalesce((p ->> 'receivedAt')::timestamptz, v_now), v_now, v_now, left(p ->> 'reason', 200),
          case when v_known then nullif(p -> 'content', 'null'::jsonb) end)
  on conflict (tenant_id, id_message) do nothing
  returning * into v_row;
  if v_row.id is null then
    update public.inbound_messages
       set status = 'dead', error = left(p ->> 'reason', 200), lease_until = null, processed_at = v_now, merged_into = null
     where tenant_id = v_tid and id_message = p ->> 'idMessage' and status not in ('done', 'ignored', 'dead')
    returning * into v_row;
    if v_row.id is null then
      return jsonb_build_object('outcome', 'already_final', 'tenantId', v_tid, 'outbox', '[]'::jsonb);
    end if;
    perform public.max_release_followers(v_tid, v_row.id, null);
  end if;
  insert into public.max_logs (tenant_id, message_id, actor, action, result, detail)
  values (v_tid, v_row.id, v_sender, 'dead_letter', 'error', jsonb_build_object('reason', left(p ->> 'reason', 200)));
  -- The sender is told once which message could not be handled (strangers are told nothing).
  if v_known and p ->> 'notice' is not null and v_row.chat_id not like '%@g.us' then
    insert into public.outbox (tenant_id, message_id, chat_id, body, quoted_message_id, send_key)
    values (v_tid, v_row.id, v_row.chat_id, p ->> 'notice', v_row.id_message, v_row.id || ':dead')
    on conflict (tenant_id, send_key) do nothing;
  end if;
  return jsonb_build_object('outcome', 'recorded', 'tenantId', v_tid, 'messageId', v_row.id,
                            'outbox', public.max_take_outbox_rows(v_tid, v_row.id, 5, false));
end
$$;

-- Operations (service role) ----------------------------------------------------------------------

create or replace function public.max_active_instances() returns jsonb
language plpgsql as $$
begin
  if current_user in ('anon', 'authenticated') then
    raise exception 'max units of work are not for tenant users' using errcode = 'insufficient_privilege';
  end if;
  perform set_config('role', 'service_role', true);
  return (select coalesce(jsonb_agg(jsonb_build_object('tenantId', id, 'idInstance', green_api_instance_id) order by id), '[]'::jsonb)
            from public.tenants where status = 'active');
end
$$;

-- A tenant's settings and secret ciphertexts, for work outside a message (backstop, dead letters).
create or replace function public.max_tenant_context(p_tenant text, p_known_version bigint) returns jsonb
language plpgsql as $$
declare v_tenant public.tenants;
begin
  perform public.max_enter(p_tenant);
  select * into v_tenant from public.tenants where id = p_tenant;
  if not found then
    return null;
  end if;
  return jsonb_build_object(
    'tenant', to_jsonb(v_tenant),
    'secrets', case when coalesce(p_known_version, 0) = v_tenant.settings_version then null else (
      select coalesce(jsonb_agg(jsonb_build_object('name', s.name, 'keyId', s.key_id, 'ciphertext', s.ciphertext)), '[]'::jsonb)
        from public.tenant_secrets s where s.tenant_id = p_tenant) end);
end
$$;

-- Who may call them: the owner (the agent's connection) and service_role; never a tenant user.
-- (Supabase grants EXECUTE on new functions to anon and authenticated by default: take it back.)
do $$
declare f text;
begin
  foreach f in array array[
    'max_enter(text)', 'max_instance_tenant(text)', 'max_take_outbox_rows(text, uuid, int, boolean)',
    'max_begin_turn(jsonb)', 'max_put_tool_result(text, uuid, int, jsonb, int)', 'max_heartbeat(text, uuid, int, int)',
    'max_fail_turn(text, uuid, int, text, boolean)', 'max_commit_turn(jsonb)', 'max_take_outbox(text, uuid, int, boolean)',
    'max_complete_send(text, uuid, jsonb)', 'max_dead_letter(jsonb)', 'max_active_instances()',
    'max_release_followers(text, uuid, jsonb)',
    'max_tenant_context(text, bigint)']
  loop
    execute format('revoke all on function public.%s from public, anon, authenticated', f);
    execute format('grant execute on function public.%s to service_role', f);
  end loop;
end
$$;

-- Called from inside the units after they switched to `authenticated`; under RLS it reaches only the
-- caller's tenant, and grants nothing that role did not already have (it updates outbox.status).
grant execute on function public.max_take_outbox_rows(text, uuid, int, boolean) to authenticated;
grant execute on function public.max_release_followers(text, uuid, jsonb) to authenticated;

-- Ids are the database's to choose: a tenant user inserting a row with an id of its own choosing
-- would learn from a duplicate-key error that another tenant's row has that id.
revoke insert on public.inbound_messages, public.outbox, public.pending_actions from authenticated;
grant insert (tenant_id, id_message, chat_id, sender_id, type_message, wa_timestamp, request_id, status, attempts,
              lease_until, error, received_at, claimed_at, processed_at, content, merged_into, started_at, outcome)
  on public.inbound_messages to authenticated;
grant insert (tenant_id, message_id, chat_id, body, quoted_message_id, send_key) on public.outbox to authenticated;
grant insert (tenant_id, chat_id, tool, args, args_digest, expires_at, created_at) on public.pending_actions to authenticated;
