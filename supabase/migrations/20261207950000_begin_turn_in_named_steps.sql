-- max_begin_turn in named steps. The unit was ~250 lines of PL/pgSQL taking and returning jsonb; it
-- now reads as the steps it runs, each a function of its own with its contract in its comment:
--   max_turn_unattended   a human's message (pauses the bot) or a group's while groups are off
--   max_turn_claim        the claim: the row recorded once (a stranger's without content), a replay reopened
--   max_turn_settled      a message already finished (duplicate) or held by a live attempt (busy)
--   max_turn_wait_order   an earlier message of the same sender goes first (and the notice saying so)
--   max_turn_wait_burst   a burst or backlog settles before its earliest message leads
--   max_turn_wait_rate    a chat's messages per minute (and the notice saying so)
--   max_turn_start        the attempt takes the message (status processing, lease, attempts + 1)
--   max_turn_followers    later text messages of the burst taken into the turn
--   max_turn_context      everything the turn needs, loaded in the same round trip
-- Behaviour is unchanged (same outcomes, same rows written, same answer). The steps run inside the
-- unit after max_enter, as max_agent (under RLS, like the unit's own statements): executable by
-- max_agent and service_role only, as max_take_outbox_rows; no table, column or grant to people.

create or replace function public.max_turn_unattended(p jsonb, p_tenant public.tenants, p_now timestamptz)
returns jsonb
language plpgsql as $$
declare
  v_chat text := p ->> 'chatId';
  v_channel text := coalesce(p ->> 'channel', 'whatsapp');
  v_row public.inbound_messages;
begin
  -- A human typed on the business phone: record it (once) and pause the bot in that chat.
  if v_channel = 'human' then
    insert into public.inbound_messages (tenant_id, id_message, chat_id, sender_id, type_message, wa_timestamp,
                                         request_id, status, attempts, received_at, claimed_at, processed_at, outcome)
    values (p_tenant.id, p ->> 'idMessage', v_chat, v_chat, p ->> 'typeMessage', coalesce((p ->> 'waTimestamp')::bigint, 0),
            p ->> 'requestId', 'ignored', 0, coalesce((p ->> 'receivedAt')::timestamptz, p_now), p_now, p_now, 'human_active')
    on conflict (tenant_id, id_message) do nothing
    returning * into v_row;
    if v_row.id is null then
      return jsonb_build_object('outcome', 'duplicate', 'tenantId', p_tenant.id, 'status', 'ignored', 'unsent', 0);
    end if;
    insert into public.sessions (tenant_id, chat_id, paused_until, updated_at)
    values (p_tenant.id, v_chat, p_now + make_interval(mins => p_tenant.human_pause_minutes), p_now)
    on conflict (tenant_id, chat_id) do update set paused_until = excluded.paused_until, updated_at = excluded.updated_at;
    return jsonb_build_object('outcome', 'paused', 'tenantId', p_tenant.id, 'messageId', v_row.id);
  end if;

  -- Groups are off unless the tenant turned them on: recorded as ignored, nothing of it kept.
  if v_channel = 'whatsapp' and v_chat like '%@g.us' and not p_tenant.groups_enabled then
    insert into public.inbound_messages (tenant_id, id_message, chat_id, sender_id, type_message, wa_timestamp,
                                         request_id, status, attempts, received_at, claimed_at, processed_at, outcome)
    values (p_tenant.id, p ->> 'idMessage', v_chat, coalesce(p ->> 'senderId', v_chat), p ->> 'typeMessage',
            coalesce((p ->> 'waTimestamp')::bigint, 0), p ->> 'requestId', 'ignored', 0,
            coalesce((p ->> 'receivedAt')::timestamptz, p_now), p_now, p_now, 'group_disabled')
    on conflict (tenant_id, id_message) do nothing;
    return jsonb_build_object('outcome', 'ignored', 'tenantId', p_tenant.id, 'reason', 'group_disabled');
  end if;
  return null;
end
$$;

create or replace function public.max_turn_claim(p jsonb, p_tid text, p_known boolean, p_now timestamptz)
returns public.inbound_messages
language plpgsql as $$
declare
  v_row public.inbound_messages;
begin
  -- The claim. A stranger's message keeps no content (no text, transcript or media URL).
  insert into public.inbound_messages (tenant_id, id_message, chat_id, sender_id, type_message, wa_timestamp, request_id,
                                       status, attempts, received_at, claimed_at, content)
  values (p_tid, p ->> 'idMessage', p ->> 'chatId', coalesce(p ->> 'senderId', p ->> 'chatId'), p ->> 'typeMessage',
          coalesce((p ->> 'waTimestamp')::bigint, 0), p ->> 'requestId', 'received', 0,
          coalesce((p ->> 'receivedAt')::timestamptz, p_now), p_now,
          case when p_known then nullif(p -> 'content', 'null'::jsonb) end)
  on conflict (tenant_id, id_message) do nothing
  returning * into v_row;
  if v_row.id is null then
    select * into v_row from public.inbound_messages where tenant_id = p_tid and id_message = p ->> 'idMessage';
    if v_row.status = 'dead' and coalesce((p ->> 'replay')::boolean, false) then
      update public.inbound_messages set status = 'received', error = null, processed_at = null
       where tenant_id = p_tid and id = v_row.id returning * into v_row;
    end if;
  end if;
  return v_row;
end
$$;

create or replace function public.max_turn_settled(p_row public.inbound_messages, p_now timestamptz)
returns jsonb
language plpgsql as $$
begin
  if p_row.status in ('done', 'ignored', 'dead') then
    return jsonb_build_object('outcome', 'duplicate', 'tenantId', p_row.tenant_id, 'messageId', p_row.id,
      'status', p_row.status,
      'unsent', (select count(*) from public.outbox o
                  where o.tenant_id = p_row.tenant_id and o.message_id = p_row.id
                    and o.status in ('pending', 'unknown', 'sending')));
  end if;
  if p_row.status = 'processing' and p_row.lease_until > p_now then
    -- A live attempt holds it: come back when its lease would have run out.
    return jsonb_build_object('outcome', 'busy', 'tenantId', p_row.tenant_id, 'messageId', p_row.id,
      'retryAfterMs', ceil(extract(epoch from p_row.lease_until - p_now) * 1000) + 500);
  end if;
  return null;
end
$$;

create or replace function public.max_turn_wait_order(p jsonb, p_row public.inbound_messages, p_now timestamptz)
returns jsonb
language plpgsql as $$
declare
  v_tid text := p_row.tenant_id;
  v_chat text := p_row.chat_id;
  -- The caller's setting (the agent's REORDER_WINDOW_MS, 2 s by default); none when not given.
  v_window numeric := coalesce((p ->> 'reorderWindowMs')::numeric, 0);
  v_block record;
  v_notice jsonb := '[]'::jsonb;
begin
  -- Earlier messages of the same queue batch (the Worker names them) not recorded yet: they are
  -- on their way, wait for them (at most the reorder window after this message's claim).
  if jsonb_typeof(p -> 'awaits') = 'array' and p_now - p_row.claimed_at < make_interval(secs => v_window / 1000)
     and exists (select 1 from jsonb_array_elements_text(p -> 'awaits') a(id)
                  where not exists (select 1 from public.inbound_messages x
                                     where x.tenant_id = v_tid and x.id_message = a.id)) then
    return jsonb_build_object('outcome', 'wait', 'reason', 'earlier', 'tenantId', v_tid, 'messageId', p_row.id,
                              'retryAfterMs', 50);
  end if;

  -- Order: an earlier open message of this sender in this chat goes first. Dead messages, and
  -- open ones older than the horizon, never block.
  select o.status, o.error, o.claimed_at, o.wa_timestamp into v_block from public.inbound_messages o
   where o.tenant_id = v_tid and o.chat_id = v_chat and o.sender_id = p_row.sender_id and o.id <> p_row.id
     and o.status in ('received', 'processing', 'failed')
     and (o.wa_timestamp, o.id_message) < (p_row.wa_timestamp, p_row.id_message)
     and o.claimed_at > p_now - make_interval(secs => coalesce((p ->> 'orderHorizonS')::numeric, 900))
   order by o.wa_timestamp, o.id_message
   limit 1;
  if not found then
    return null;
  end if;
  -- It waits, in order. Its sender is told why, once: at once when the message it waits for
  -- failed on an outage (the CRM is down: it may be minutes), else once it has waited
  -- waitNoticeAfterMs. A notice already sent to this chat since this message arrived covers it.
  if v_chat not like '%@g.us'
     and ((v_block.status = 'failed' and v_block.error like 'outage:%' and p ->> 'waitNoticeOutage' is not null)
          or (p_now - p_row.claimed_at >= make_interval(secs => coalesce((p ->> 'waitNoticeAfterMs')::numeric, 30000) / 1000)
              and p ->> 'waitNotice' is not null))
     and not exists (select 1 from public.outbox n
                      where n.tenant_id = v_tid and n.chat_id = v_chat and n.send_key like 'wait:%'
                        and n.created_at >= p_row.claimed_at) then
    insert into public.outbox (tenant_id, message_id, chat_id, body, quoted_message_id, send_key)
    values (v_tid, p_row.id, v_chat,
            case when v_block.status = 'failed' and v_block.error like 'outage:%'
                 then coalesce(p ->> 'waitNoticeOutage', p ->> 'waitNotice') else p ->> 'waitNotice' end,
            p_row.id_message, 'wait:' || p_row.id)
    on conflict (tenant_id, send_key) do nothing;
    v_notice := public.max_take_outbox_rows(v_tid, p_row.id, 5, false);
  end if;
  -- The message it waits for is itself back in the queue (it failed and waits for its retry, or
  -- it is a backlog's, waiting its reorder window): 'queued' — hand this one back too rather
  -- than hold a delivery the earlier one may need (a local queue delivers one batch at a time).
  if v_block.status = 'failed'
     or (v_block.status = 'received' and v_block.wa_timestamp > 0 and v_window > coalesce((p ->> 'settleMs')::numeric, 100)
         and extract(epoch from v_block.claimed_at) - v_block.wa_timestamp
             > coalesce((p ->> 'backlogLagMs')::numeric, 10000) / 1000) then
    return jsonb_build_object('outcome', 'wait', 'reason', 'queued', 'tenantId', v_tid, 'messageId', p_row.id,
      'retryAfterMs', greatest(1000, ceil(v_window - extract(epoch from p_now - v_block.claimed_at) * 1000) + 100),
      'outbox', v_notice);
  end if;
  return jsonb_build_object('outcome', 'wait', 'reason', 'earlier', 'tenantId', v_tid, 'messageId', p_row.id,
                            'retryAfterMs', 250, 'outbox', v_notice);
end
$$;

create or replace function public.max_turn_wait_burst(p jsonb, p_row public.inbound_messages, p_now timestamptz)
returns jsonb
language plpgsql as $$
declare
  v_window numeric := coalesce((p ->> 'reorderWindowMs')::numeric, 0);
  v_backlog boolean;
  v_last record;
  v_wait numeric;
begin
  -- Burst: wait while the last message of this sender looks unfinished (the full window), else
  -- briefly (settle) after the latest claim of its burst: messages of one chat that the queue
  -- delivers together, or out of order, are all claimed by then, so the earliest leads. A message
  -- that reached MAX well after its WhatsApp time is part of a backlog (Green-API redelivering
  -- after an outage, a queue that held it): its earlier messages may still be on their way, out
  -- of order, so it waits the reorder window instead. A live message never pays for it.
  v_backlog := p_row.wa_timestamp > 0
    and extract(epoch from p_row.claimed_at) - p_row.wa_timestamp > coalesce((p ->> 'backlogLagMs')::numeric, 10000) / 1000;
  select max(f.claimed_at) over () as claimed_at,
         coalesce((f.content ->> 'unfinished')::boolean, false) as unfinished into v_last
    from public.inbound_messages f
   where f.tenant_id = p_row.tenant_id and f.chat_id = p_row.chat_id and f.sender_id = p_row.sender_id
     and (f.id = p_row.id or (f.status = 'received' and f.content is not null
          and (f.wa_timestamp, f.id_message) > (p_row.wa_timestamp, p_row.id_message)
          and f.wa_timestamp <= p_row.wa_timestamp + coalesce((p ->> 'burstSpanS')::int, 30)))
   order by f.wa_timestamp desc, f.id_message desc
   limit 1;
  v_wait := (case when v_last.unfinished then coalesce((p ->> 'burstWindowMs')::numeric, 3000)
                  when v_backlog then greatest(v_window, coalesce((p ->> 'settleMs')::numeric, 100))
                  else coalesce((p ->> 'settleMs')::numeric, 100) end)
            - extract(epoch from p_now - v_last.claimed_at) * 1000;
  if v_wait > 0 and p_now - p_row.claimed_at < make_interval(secs => coalesce((p ->> 'burstMaxWaitMs')::numeric, 10000) / 1000) then
    -- 'reorder': a backlog's window (seconds): the caller hands it back to the queue rather than
    -- holding its delivery (a local queue delivers the rest of the backlog only after it).
    return jsonb_build_object('outcome', 'wait',
                              'reason', case when v_backlog and not v_last.unfinished
                                                  and v_window > coalesce((p ->> 'settleMs')::numeric, 100)
                                             then 'reorder' else 'burst' end,
                              'tenantId', p_row.tenant_id, 'messageId', p_row.id,
                              'retryAfterMs', ceil(v_wait));
  end if;
  return null;
end
$$;

create or replace function public.max_turn_wait_rate(p jsonb, p_tenant public.tenants, p_row public.inbound_messages,
                                                      p_now timestamptz)
returns jsonb
language plpgsql as $$
declare
  v_recent int;
  v_oldest timestamptz;
  v_notice jsonb := '[]'::jsonb;
begin
  -- Rate: distinct messages of this chat started in the last minute (redeliveries do not count).
  if p_row.started_at is not null then
    return null;
  end if;
  select count(*), min(r.started_at) into v_recent, v_oldest from public.inbound_messages r
   where r.tenant_id = p_tenant.id and r.chat_id = p_row.chat_id and r.started_at > p_now - interval '60 seconds';
  if v_recent < p_tenant.chat_messages_per_minute then
    return null;
  end if;
  if p ->> 'throttleNotice' is not null then
    insert into public.outbox (tenant_id, message_id, chat_id, body, send_key)
    values (p_tenant.id, p_row.id, p_row.chat_id, p ->> 'throttleNotice',
            'slow:' || p_row.chat_id || ':' || floor(extract(epoch from p_now) / 60)::bigint)
    on conflict (tenant_id, send_key) do nothing;
    v_notice := public.max_take_outbox_rows(p_tenant.id, p_row.id, 5, false);
  end if;
  return jsonb_build_object('outcome', 'wait', 'reason', 'throttled', 'tenantId', p_tenant.id, 'messageId', p_row.id,
    'retryAfterMs', greatest(1000, ceil(extract(epoch from v_oldest + interval '60 seconds' - p_now) * 1000)),
    'outbox', v_notice);
end
$$;

create or replace function public.max_turn_start(p jsonb, p_row public.inbound_messages, p_now timestamptz)
returns public.inbound_messages
language plpgsql as $$
declare
  v_lease interval := make_interval(secs => coalesce((p ->> 'leaseMs')::numeric, 20000) / 1000);
  v_row public.inbound_messages;
begin
  -- The turn is ours (a follower whose leader died is taken over here, and runs on its own).
  update public.inbound_messages
     set status = 'processing', attempts = attempts + 1, lease_until = p_now + v_lease, merged_into = null,
         started_at = coalesce(started_at, p_now), request_id = p ->> 'requestId', error = null
   where tenant_id = p_row.tenant_id and id = p_row.id
     and (status in ('received', 'failed', 'throttled') or (status = 'processing' and lease_until <= p_now))
  returning * into v_row;
  return v_row;
end
$$;

create or replace function public.max_turn_followers(p jsonb, p_row public.inbound_messages, p_now timestamptz)
returns jsonb
language plpgsql as $$
declare
  v_followers jsonb;
begin
  -- Its burst: later text messages of the same sender, taken into this turn at once (row locks: a
  -- message joins one turn only). Each runs and is answered within it; the commit marks them done.
  with taken as (
    update public.inbound_messages f
       set status = 'processing', merged_into = p_row.id, lease_until = p_row.lease_until,
           started_at = coalesce(f.started_at, p_now)
     where f.id in (
             select c.id from public.inbound_messages c
              where c.tenant_id = p_row.tenant_id and c.chat_id = p_row.chat_id and c.sender_id = p_row.sender_id
                and c.id <> p_row.id
                and c.status = 'received' and c.content ->> 'kind' = 'text'
                and (c.wa_timestamp, c.id_message) > (p_row.wa_timestamp, p_row.id_message)
                and c.wa_timestamp <= p_row.wa_timestamp + coalesce((p ->> 'burstSpanS')::int, 30)
              order by c.wa_timestamp, c.id_message
              limit coalesce((p ->> 'maxFollowers')::int, 4)
              for update skip locked)
       and f.status = 'received'
    returning f.id, f.id_message, f.wa_timestamp, f.content)
  select coalesce(jsonb_agg(jsonb_build_object('id', id, 'idMessage', id_message, 'waTimestamp', wa_timestamp,
                                               'content', content) order by wa_timestamp, id_message), '[]'::jsonb)
    into v_followers from taken;
  return v_followers;
end
$$;

create or replace function public.max_turn_context(p jsonb, p_tenant public.tenants, p_row public.inbound_messages,
                                                    p_known boolean, p_member_role text, p_last_error text,
                                                    p_followers jsonb, p_now timestamptz)
returns jsonb
language plpgsql as $$
declare
  v_tid text := p_tenant.id;
  v_sender text := coalesce(p ->> 'senderId', p ->> 'chatId');
  v_session_key text := coalesce(p ->> 'sessionKey', p ->> 'chatId');
begin
  return jsonb_build_object(
    'outcome', 'claimed',
    'tenantId', v_tid,
    'messageId', p_row.id,
    'attempt', p_row.attempts,
    'receivedAt', p_row.received_at,
    'lastError', p_last_error,
    'followers', p_followers,
    'tenant', to_jsonb(p_tenant),
    'sender', (select to_jsonb(w) from public.whatsapp_senders w where w.tenant_id = v_tid and w.chat_id = v_sender),
    'memberRole', p_member_role,
    'session', (select to_jsonb(s) from public.sessions s where s.tenant_id = v_tid and s.chat_id = v_session_key),
    'memory', (select coalesce(jsonb_object_agg(m.key, m.value), '{}'::jsonb) from public.tenant_memory m where m.tenant_id = v_tid),
    -- Secret ciphertexts only when the caller's cached clients are older than the settings.
    'secrets', case when coalesce((p ->> 'knownVersion')::bigint, 0) = p_tenant.settings_version then null else (
      select coalesce(jsonb_agg(jsonb_build_object('name', s.name, 'keyId', s.key_id, 'ciphertext', s.ciphertext)), '[]'::jsonb)
        from public.tenant_secrets s where s.tenant_id = v_tid) end,
    'pending', (select to_jsonb(a) from public.pending_actions a
                 where a.tenant_id = v_tid and a.chat_id = v_session_key and a.consumed_at is null and a.expires_at > p_now
                 order by a.created_at desc limit 1),
    'stored', case when p_row.attempts > 1 then (
      select coalesce(jsonb_agg(jsonb_build_object('callIndex', t.call_index, 'tool', t.tool, 'argsDigest', t.args_digest,
                                                   'ok', t.ok, 'result', t.result, 'state', t.state) order by t.call_index), '[]'::jsonb)
        from public.tool_calls t where t.tenant_id = v_tid and t.message_id = p_row.id) else '[]'::jsonb end,
    'refusedBefore', case when p_known then false else exists (
      select 1 from public.inbound_messages r
       where r.tenant_id = v_tid and r.chat_id = p_row.chat_id and r.id <> p_row.id and r.outcome = 'unknown_sender') end
  );
end
$$;

create or replace function public.max_begin_turn(p jsonb) returns jsonb
language plpgsql as $$
declare
  v_now timestamptz := clock_timestamp();
  v_tid text;
  v_tenant public.tenants;
  v_sender text := coalesce(p ->> 'senderId', p ->> 'chatId');
  v_channel text := coalesce(p ->> 'channel', 'whatsapp');
  v_known boolean;
  v_member_role text;
  v_row public.inbound_messages;
  v_prev_error text;
  v_answer jsonb;
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

  v_answer := public.max_turn_unattended(p, v_tenant, v_now);
  if v_answer is not null then
    return v_answer;
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

  v_row := public.max_turn_claim(p, v_tid, v_known, v_now);
  v_answer := public.max_turn_settled(v_row, v_now);
  if v_answer is not null then
    return v_answer;
  end if;

  -- How the last attempt ended (the claim below clears it): the same failure twice is not bad luck.
  v_prev_error := v_row.error;

  if v_channel = 'whatsapp' and v_known then
    v_answer := coalesce(public.max_turn_wait_order(p, v_row, v_now),
                         public.max_turn_wait_burst(p, v_row, v_now),
                         public.max_turn_wait_rate(p, v_tenant, v_row, v_now));
    if v_answer is not null then
      return v_answer;
    end if;
  end if;

  v_row := public.max_turn_start(p, v_row, v_now);
  if v_row.id is null then
    return jsonb_build_object('outcome', 'busy', 'tenantId', v_tid, 'retryAfterMs', 1000);
  end if;
  if v_channel = 'whatsapp' and v_known then
    v_followers := public.max_turn_followers(p, v_row, v_now);
  end if;

  return public.max_turn_context(p, v_tenant, v_row, v_known, v_member_role, v_prev_error, v_followers, v_now);
end
$$;

-- The steps are the unit's, run after max_enter as max_agent: never a signed-in person's or anyone's.
do $$
declare
  f text;
begin
  foreach f in array array[
    'max_turn_unattended(jsonb, public.tenants, timestamptz)',
    'max_turn_claim(jsonb, text, boolean, timestamptz)',
    'max_turn_settled(public.inbound_messages, timestamptz)',
    'max_turn_wait_order(jsonb, public.inbound_messages, timestamptz)',
    'max_turn_wait_burst(jsonb, public.inbound_messages, timestamptz)',
    'max_turn_wait_rate(jsonb, public.tenants, public.inbound_messages, timestamptz)',
    'max_turn_start(jsonb, public.inbound_messages, timestamptz)',
    'max_turn_followers(jsonb, public.inbound_messages, timestamptz)',
    'max_turn_context(jsonb, public.tenants, public.inbound_messages, boolean, text, text, jsonb, timestamptz)'
  ] loop
    execute format('revoke all on function public.%s from public, anon, authenticated', f);
    execute format('grant execute on function public.%s to max_agent, service_role', f);
  end loop;
end
$$;

-- Every max_* unit states its input and its output (the schema-comments test holds each to it).
comment on function public.max_turn_unattended(jsonb, public.tenants, timestamptz) is
  'Step of max_begin_turn. In: max_begin_turn''s input, the tenant row, the turn''s clock. Out: {"outcome": paused | duplicate, tenantId, messageId} for a human''s message on the business phone (the chat paused), {"outcome": ignored, reason: group_disabled} for a group''s while groups are off (recorded once, no content), NULL for any other message.';
comment on function public.max_turn_claim(jsonb, text, boolean, timestamptz) is
  'Step of max_begin_turn. In: max_begin_turn''s input, tenant id, whether the sender is known, the clock. Out: the inbound_messages row: recorded once (a stranger''s without content), the existing one on a redelivery, a dead one reopened as received when replay is set.';
comment on function public.max_turn_settled(public.inbound_messages, timestamptz) is
  'Step of max_begin_turn. In: the claimed row, the clock. Out: {"outcome": duplicate, tenantId, messageId, status, unsent} for a message already done/ignored/dead, {"outcome": busy, tenantId, messageId, retryAfterMs} while a live attempt holds it, NULL when it may run.';
comment on function public.max_turn_wait_order(jsonb, public.inbound_messages, timestamptz) is
  'Step of max_begin_turn (a known WhatsApp sender). In: max_begin_turn''s input (awaits, reorderWindowMs, orderHorizonS, waitNotice, waitNoticeOutage, waitNoticeAfterMs, settleMs, backlogLagMs), the claimed row, the clock. Out: {"outcome": wait, reason: earlier | queued, tenantId, messageId, retryAfterMs, outbox} while an earlier open message of the sender goes first (its notice queued once), NULL otherwise.';
comment on function public.max_turn_wait_burst(jsonb, public.inbound_messages, timestamptz) is
  'Step of max_begin_turn (a known WhatsApp sender). In: max_begin_turn''s input (burstWindowMs, settleMs, reorderWindowMs, backlogLagMs, burstSpanS, burstMaxWaitMs), the claimed row, the clock. Out: {"outcome": wait, reason: burst | reorder, tenantId, messageId, retryAfterMs} while its burst or backlog settles, NULL otherwise.';
comment on function public.max_turn_wait_rate(jsonb, public.tenants, public.inbound_messages, timestamptz) is
  'Step of max_begin_turn (a known WhatsApp sender, first start). In: max_begin_turn''s input (throttleNotice), the tenant row, the claimed row, the clock. Out: {"outcome": wait, reason: throttled, tenantId, messageId, retryAfterMs, outbox} when the chat started chat_messages_per_minute messages in the last minute (the notice queued once a minute), NULL otherwise.';
comment on function public.max_turn_start(jsonb, public.inbound_messages, timestamptz) is
  'Step of max_begin_turn. In: max_begin_turn''s input (leaseMs, requestId), the claimed row, the clock. Out: the row now processing under this attempt (attempts + 1, lease set, error cleared), or a row of NULLs when another attempt took it first.';
comment on function public.max_turn_followers(jsonb, public.inbound_messages, timestamptz) is
  'Step of max_begin_turn (a known WhatsApp sender). In: max_begin_turn''s input (burstSpanS, maxFollowers), the started row, the clock. Out: [{id, idMessage, waTimestamp, content}] of the later text messages of the burst, taken into this turn (merged_into, its lease).';
comment on function public.max_turn_context(jsonb, public.tenants, public.inbound_messages, boolean, text, text, jsonb, timestamptz) is
  'Step of max_begin_turn: the answer of a claimed turn. In: max_begin_turn''s input (senderId, sessionKey, knownVersion), the tenant row, the started row, known sender, member role, the last attempt''s error, followers, the clock. Out: {"outcome": claimed, tenantId, messageId, attempt, receivedAt, lastError, followers, tenant, sender, memberRole, session, memory, secrets, pending, stored, refusedBefore}.';
comment on function public.max_enter(text) is
  'Inside a unit of work: switches the transaction to max_agent with {"role":"max_agent","tenant_id":<tenant>} as its claims. In: the tenant id. Out: nothing (void); refuses tenant users and a caller already holding another tenant''s claim.';
comment on function public.max_fail_turn(text, uuid, integer, text, boolean) is
  'Give a message back for a retry (failed) or mark it dead (final), fenced by the attempt. In: tenant id, message id, attempt, error text, final. Out: false when the attempt no longer held it.';
comment on function public.max_heartbeat(text, uuid, integer, integer) is
  'Renew the lease of a running attempt (and its burst). In: tenant id, message id, attempt, lease ms. Out: false when the attempt lost the message.';
comment on function public.max_instance_tenant(text) is
  'The tenant of a Green-API instance id, read as service_role before any tenant is known. In: idInstance. Out: the tenant id, NULL when unknown.';
comment on function public.max_take_outbox(text, uuid, integer, boolean) is
  'Take replies to send (of one message, or the due ones), each marked sending under a 20 s lease. In: tenant id, message id (NULL: any), limit, due only. Out: [{id, messageId, chatId, body, quotedMessageId, sendKey, attempts, createdAt, checkFirst}].';
comment on function public.max_take_outbox_rows(text, uuid, integer, boolean) is
  'The body of max_take_outbox, called inside units after they entered the tenant. In: as max_take_outbox. Out: as max_take_outbox.';
comment on function public.max_tenant_context(text, bigint) is
  'A tenant''s settings, and its secrets'' ciphertexts when the caller''s copy (known version) is older. In: tenant id, the known settings version. Out: {"tenant", "secrets"} or NULL.';
