-- Exactly once, round two (issue 19): poison messages fail fast and never hold their chat, memory
-- writes never lose each other, order per chat under reverse arrival.
--
--   max_begin_turn     + the claim returns the last attempt's error (lastError): the agent tells a
--                        failure that repeats (poison) from bad luck;
--                      + a message waiting for an earlier one is told why, once: at once when that
--                        one failed on an outage, else after waitNoticeAfterMs (default 30 s);
--                      + earlier messages of the same queue batch (p.awaits, named by the Worker) are
--                        waited for until recorded, at most reorderWindowMs;
--                      + a message that reached MAX more than backlogLagMs after its WhatsApp time
--                        (a backlog) settles for reorderWindowMs (the agent's setting, 2 s by
--                        default; 0 when not given) instead of settleMs, so the earlier ones of its
--                        backlog, arriving out of order, go first (wait reason 'reorder'); one that
--                        waits for an earlier message that is back in the queue (failed, or a
--                        backlog's in its window) is handed back too (wait reason 'queued').
--   max_fail_attempt   gives a message back for a retry (fenced by the attempt, like max_fail_turn)
--                      and queues the sender's "it waits for the CRM" notice, once.
--   max_commit_turn    + memory changes carry the memory they were decided from (basedOn); if it
--                        changed meanwhile nothing is written and the current memory is returned.
--
-- No table or column is added: the grants of the units (and of i18's max_agent) are unchanged.

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
  v_block record;
  v_prev_error text;
  v_backlog boolean;
  -- The caller's setting (the agent's REORDER_WINDOW_MS, 2 s by default); none when not given.
  v_window numeric := coalesce((p ->> 'reorderWindowMs')::numeric, 0);
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

  -- How the last attempt ended (the claim below clears it): the same failure twice is not bad luck.
  v_prev_error := v_row.error;

  if v_channel = 'whatsapp' and v_known then
    -- Earlier messages of the same queue batch (the Worker names them) not recorded yet: they are
    -- on their way, wait for them (at most the reorder window after this message's claim).
    if jsonb_typeof(p -> 'awaits') = 'array' and v_now - v_row.claimed_at < make_interval(secs => v_window / 1000)
       and exists (select 1 from jsonb_array_elements_text(p -> 'awaits') a(id)
                    where not exists (select 1 from public.inbound_messages x
                                       where x.tenant_id = v_tid and x.id_message = a.id)) then
      return jsonb_build_object('outcome', 'wait', 'reason', 'earlier', 'tenantId', v_tid, 'messageId', v_row.id,
                                'retryAfterMs', 50);
    end if;

    -- Order: an earlier open message of this sender in this chat goes first. Dead messages, and
    -- open ones older than the horizon, never block.
    select o.status, o.error, o.claimed_at, o.wa_timestamp into v_block from public.inbound_messages o
     where o.tenant_id = v_tid and o.chat_id = v_chat and o.sender_id = v_sender and o.id <> v_row.id
       and o.status in ('received', 'processing', 'failed')
       and (o.wa_timestamp, o.id_message) < (v_row.wa_timestamp, v_row.id_message)
       and o.claimed_at > v_now - make_interval(secs => coalesce((p ->> 'orderHorizonS')::numeric, 900))
     order by o.wa_timestamp, o.id_message
     limit 1;
    if found then
      -- It waits, in order. Its sender is told why, once: at once when the message it waits for
      -- failed on an outage (the CRM is down: it may be minutes), else once it has waited
      -- waitNoticeAfterMs. A notice already sent to this chat since this message arrived covers it.
      if v_chat not like '%@g.us'
         and ((v_block.status = 'failed' and v_block.error like 'outage:%' and p ->> 'waitNoticeOutage' is not null)
              or (v_now - v_row.claimed_at >= make_interval(secs => coalesce((p ->> 'waitNoticeAfterMs')::numeric, 30000) / 1000)
                  and p ->> 'waitNotice' is not null))
         and not exists (select 1 from public.outbox n
                          where n.tenant_id = v_tid and n.chat_id = v_chat and n.send_key like 'wait:%'
                            and n.created_at >= v_row.claimed_at) then
        insert into public.outbox (tenant_id, message_id, chat_id, body, quoted_message_id, send_key)
        values (v_tid, v_row.id, v_chat,
                case when v_block.status = 'failed' and v_block.error like 'outage:%'
                     then coalesce(p ->> 'waitNoticeOutage', p ->> 'waitNotice') else p ->> 'waitNotice' end,
                v_row.id_message, 'wait:' || v_row.id)
        on conflict (tenant_id, send_key) do nothing;
        v_notice := public.max_take_outbox_rows(v_tid, v_row.id, 5, false);
      end if;
      -- The message it waits for is itself back in the queue (it failed and waits for its retry, or
      -- it is a backlog's, waiting its reorder window): 'queued' — hand this one back too rather
      -- than hold a delivery the earlier one may need (a local queue delivers one batch at a time).
      if v_block.status = 'failed'
         or (v_block.status = 'received' and v_block.wa_timestamp > 0 and v_window > coalesce((p ->> 'settleMs')::numeric, 100)
             and extract(epoch from v_block.claimed_at) - v_block.wa_timestamp
                 > coalesce((p ->> 'backlogLagMs')::numeric, 10000) / 1000) then
        return jsonb_build_object('outcome', 'wait', 'reason', 'queued', 'tenantId', v_tid, 'messageId', v_row.id,
          'retryAfterMs', greatest(1000, ceil(v_window - extract(epoch from v_now - v_block.claimed_at) * 1000) + 100),
          'outbox', v_notice);
      end if;
      return jsonb_build_object('outcome', 'wait', 'reason', 'earlier', 'tenantId', v_tid, 'messageId', v_row.id,
                                'retryAfterMs', 250, 'outbox', v_notice);
    end if;

    -- Burst: wait while the last message of this sender looks unfinished (the full window), else
    -- briefly (settle) after the latest claim of its burst: messages of one chat that the queue
    -- delivers together, or out of order, are all claimed by then, so the earliest leads. A message
    -- that reached MAX well after its WhatsApp time is part of a backlog (Green-API redelivering
    -- after an outage, a queue that held it): its earlier messages may still be on their way, out
    -- of order, so it waits the reorder window instead. A live message never pays for it.
    v_backlog := v_row.wa_timestamp > 0
      and extract(epoch from v_row.claimed_at) - v_row.wa_timestamp > coalesce((p ->> 'backlogLagMs')::numeric, 10000) / 1000;
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
                    when v_backlog then greatest(v_window, coalesce((p ->> 'settleMs')::numeric, 100))
                    else coalesce((p ->> 'settleMs')::numeric, 100) end)
              - extract(epoch from v_now - v_last.claimed_at) * 1000;
    if v_wait > 0 and v_now - v_row.claimed_at < make_interval(secs => coalesce((p ->> 'burstMaxWaitMs')::numeric, 10000) / 1000) then
      -- 'reorder': a backlog's window (seconds): the caller hands it back to the queue rather than
      -- holding its delivery (a local queue delivers the rest of the backlog only after it).
      return jsonb_build_object('outcome', 'wait',
                                'reason', case when v_backlog and not v_last.unfinished
                                                    and v_window > coalesce((p ->> 'settleMs')::numeric, 100)
                                               then 'reorder' else 'burst' end,
                                'tenantId', v_tid, 'messageId', v_row.id,
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
    'lastError', v_prev_error,
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

create or replace function public.max_commit_turn(p jsonb) returns jsonb
language plpgsql as $$
declare
  v_tid text := p ->> 'tenantId';
  v_mid uuid := (p ->> 'messageId')::uuid;
  v_now timestamptz := clock_timestamp();
  v_pending jsonb := p -> 'pendingCreate';
  v_memory jsonb;
begin
  perform public.max_enter(v_tid);
  -- Memory changes were decided from the memory the turn read (basedOn). Writers of a tenant's
  -- memory take turns (the advisory lock of tenant_memory_limit, held to the end of the
  -- transaction): if another turn changed it meanwhile, nothing is written and the current memory
  -- is returned, so the turn decides again from it (a goal number, a replaced value, a forgotten
  -- entry are then the ones really stored, and the reply names them).
  if jsonb_typeof(p -> 'memory') = 'object' and jsonb_typeof(p -> 'memory' -> 'basedOn') = 'object' then
    perform pg_advisory_xact_lock(hashtext('max.tenant_memory'), hashtext(v_tid));
    select coalesce(jsonb_object_agg(m.key, m.value), '{}'::jsonb) into v_memory
      from public.tenant_memory m where m.tenant_id = v_tid;
    if v_memory <> p -> 'memory' -> 'basedOn' then
      return jsonb_build_object('conflict', 'memory', 'memory', v_memory);
    end if;
  end if;
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

-- A retryable failure of one attempt: the message goes back to `failed` (the queue brings it back),
-- its burst is given back, and on an outage its sender is told once that it waits (a notice in
-- this chat since the message arrived covers it). Out: {held, outbox}; held false when the
-- attempt no longer held the message (nothing changed).
create or replace function public.max_fail_attempt(p jsonb) returns jsonb
language plpgsql as $$
declare
  v_tid text := p ->> 'tenantId';
  v_mid uuid := (p ->> 'messageId')::uuid;
  v_row public.inbound_messages;
  v_notice jsonb := '[]'::jsonb;
begin
  perform public.max_enter(v_tid);
  update public.inbound_messages
     set status = 'failed', error = left(p ->> 'error', 200), lease_until = null
   where tenant_id = v_tid and id = v_mid and attempts = (p ->> 'attempt')::int and status = 'processing'
  returning * into v_row;
  if v_row.id is null then
    return jsonb_build_object('held', false, 'outbox', '[]'::jsonb);
  end if;
  perform public.max_release_followers(v_tid, v_mid, null);
  if p ->> 'notice' is not null and v_row.chat_id not like '%@g.us'
     and exists (select 1 from public.whatsapp_senders w where w.tenant_id = v_tid and w.chat_id = v_row.sender_id)
     and not exists (select 1 from public.outbox n
                      where n.tenant_id = v_tid and n.chat_id = v_row.chat_id and n.send_key like 'wait:%'
                        and n.created_at >= v_row.claimed_at) then
    insert into public.outbox (tenant_id, message_id, chat_id, body, quoted_message_id, send_key)
    values (v_tid, v_mid, v_row.chat_id, p ->> 'notice', v_row.id_message, 'wait:' || v_mid)
    on conflict (tenant_id, send_key) do nothing;
    v_notice := public.max_take_outbox_rows(v_tid, v_mid, 5, false);
  end if;
  return jsonb_build_object('held', true, 'outbox', v_notice);
end
$$;

-- Who may call it: the owner (the agent's connection) and service_role; never a tenant user.
revoke all on function public.max_fail_attempt(jsonb) from public, anon, authenticated;
grant execute on function public.max_fail_attempt(jsonb) to service_role;

comment on function public.max_fail_attempt(jsonb) is
  'Give a message back for a retry after a retryable failure, fenced by the attempt, and queue its sender''s "it waits" notice once. In: {tenantId, messageId, attempt, error, notice?}. Out: {held, outbox}.';
