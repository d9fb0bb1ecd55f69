-- MAX on its own: one scheduler for everything MAX does without being asked (reminders, digests,
-- weekly reports, paced sends). An item is a row of scheduled_items: a kind, a payload, a due time
-- and a dedupe key unique per tenant (a cron that fires twice, or a sweep that finds the same task
-- again, never creates it twice). The Worker's cron asks the agent for the due items (max_due_scheduled
-- marks them queued), puts each on the queue, and the agent claims it (max_claim_scheduled: lease and
-- attempt, as inbound_messages), runs its kind's handler and finishes it fenced by that attempt
-- (max_finish_scheduled: its messages go to the outbox in the same transaction, so it is sent once).
-- Times come from the caller's clock (p_now) so tests drive them; leases are bounded like inbound's.

create table public.scheduled_items (
  id uuid primary key default gen_random_uuid(),
  tenant_id text not null references public.tenants (id) on delete cascade,
  kind text not null check (kind ~ '^[a-z][a-z0-9_.]{1,62}$'),
  dedupe_key text not null check (length(dedupe_key) between 1 and 300),
  subject text check (length(subject) <= 200),
  chat_id text check (chat_id ~ '^[0-9]{5,20}@c\.us$'),
  payload jsonb not null default '{}'::jsonb check (jsonb_typeof(payload) = 'object' and length(payload::text) <= 16000),
  due_at timestamptz not null,
  state text not null default 'pending' check (state in ('pending', 'queued', 'running', 'done', 'cancelled', 'failed')),
  attempts integer not null default 0 check (attempts >= 0),
  lease_until timestamptz,
  queued_at timestamptz,
  last_error text check (length(last_error) <= 200),
  result jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  finished_at timestamptz,
  constraint scheduled_items_once unique (tenant_id, dedupe_key),
  constraint scheduled_items_lease_bounded check (lease_until is null or lease_until <= updated_at + interval '10 minutes')
);
create index scheduled_items_due_idx on public.scheduled_items (due_at) where state in ('pending', 'queued', 'running');
create index scheduled_items_subject_idx on public.scheduled_items (tenant_id, kind, subject) where state in ('pending', 'queued');
create index scheduled_items_chat_idx on public.scheduled_items (tenant_id, chat_id, kind, finished_at desc);

-- Who wants what: one row for the tenant (chat_id '') and one per team member who changed a setting.
-- Read by core's zod schema (scheduler/settings.ts) with the defaults; unknown keys are ignored.
create table public.schedule_settings (
  tenant_id text not null references public.tenants (id) on delete cascade,
  chat_id text not null default '' check (chat_id = '' or chat_id ~ '^[0-9]{5,20}@c\.us$'),
  settings jsonb not null default '{}'::jsonb check (jsonb_typeof(settings) = 'object' and length(settings::text) <= 4000),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, chat_id)
);

do $$
declare t text;
begin
  foreach t in array array['scheduled_items', 'schedule_settings'] loop
    execute format('alter table public.%I enable row level security', t);
    execute format('alter table public.%I force row level security', t);
    execute format('revoke all on table public.%I from public, anon, authenticated, max_agent, service_role', t);
    -- The agent's units: inside the tenant they entered.
    execute format(
      'create policy agent_tenant on public.%I for all to max_agent
         using (tenant_id = public.current_tenant_id())
         with check (tenant_id = public.current_tenant_id())', t);
    -- A tenant's owners and admins read its rows (they name the team's chats); nobody signed in writes.
    execute format(
      'create policy tenant_read on public.%I for select to authenticated
         using (tenant_id = (select public.current_tenant_id())
                and (select public.current_member_role()) in (''owner'', ''admin''))', t);
    execute format('create policy operator_read on public.%I for select to service_role using (true)', t);
    execute format('grant select on table public.%I to authenticated, service_role', t);
  end loop;
end
$$;
grant select, insert (tenant_id, kind, dedupe_key, subject, chat_id, payload, due_at),
  update (state, attempts, lease_until, queued_at, last_error, result, updated_at, finished_at, due_at)
  on public.scheduled_items to max_agent;
grant select, insert, update (settings, updated_at) on public.schedule_settings to max_agent;
-- The cron's sweep across tenants marks due items queued (service_role bypasses RLS; its policy above reads).
grant update (state, queued_at, updated_at) on public.scheduled_items to service_role;

-- The operator's view: what, for whom, when, state, attempts.
-- Read only for everyone (a join: not an updatable view), under the reader's RLS.
create view public.scheduled_work with (security_invoker = true) as
select s.tenant_id, t.name as tenant, s.id, s.kind as what, coalesce(s.chat_id, 'tenant') as for_whom, s.subject,
       s.due_at as due, s.state, s.attempts, s.last_error, s.created_at, s.finished_at
  from public.scheduled_items s
  join public.tenants t on t.id = s.tenant_id;
grant select on public.scheduled_work to authenticated, service_role;

-- Units of work ------------------------------------------------------------------------------------

-- Enqueue items (insert once per dedupe key). An item with `replaces` cancels the open items of the
-- same kind and subject under another key (a task whose due date moved: its old reminder goes).
create or replace function public.max_schedule_rows(p_tenant text, p_now timestamptz, p_items jsonb) returns jsonb
language plpgsql as $$
declare
  v_item jsonb;
  v_created int := 0;
  v_replaced int := 0;
  v_n int;
begin
  for v_item in select * from jsonb_array_elements(coalesce(p_items, '[]'::jsonb)) loop
    if coalesce((v_item ->> 'replaces')::boolean, false) and v_item ->> 'subject' is not null then
      update public.scheduled_items s
         set state = 'cancelled', finished_at = p_now, updated_at = p_now, last_error = 'replaced'
       where s.tenant_id = p_tenant and s.kind = v_item ->> 'kind' and s.subject = v_item ->> 'subject'
         and s.state in ('pending', 'queued') and s.dedupe_key <> v_item ->> 'dedupeKey';
      get diagnostics v_n = row_count;
      v_replaced := v_replaced + v_n;
    end if;
    insert into public.scheduled_items (tenant_id, kind, dedupe_key, subject, chat_id, payload, due_at)
    values (p_tenant, v_item ->> 'kind', v_item ->> 'dedupeKey', v_item ->> 'subject', v_item ->> 'chatId',
            coalesce(v_item -> 'payload', '{}'::jsonb), (v_item ->> 'dueAt')::timestamptz)
    on conflict (tenant_id, dedupe_key) do nothing;
    get diagnostics v_n = row_count;
    v_created := v_created + v_n;
  end loop;
  return jsonb_build_object('created', v_created, 'replaced', v_replaced);
end
$$;

create or replace function public.max_schedule(p jsonb) returns jsonb
language plpgsql as $$
begin
  perform public.max_enter(p ->> 'tenantId');
  return public.max_schedule_rows(p ->> 'tenantId', (p ->> 'now')::timestamptz, p -> 'items');
end
$$;

-- The cron's sweep: due items of every active tenant, marked queued (each handed out once; one that was
-- queued and never claimed, or whose attempt died, is handed out again after p_requeue_ms).
create or replace function public.max_due_scheduled(p_now timestamptz, p_limit int, p_requeue_ms int) returns jsonb
language plpgsql as $$
declare v_out jsonb;
begin
  if current_user in ('anon', 'authenticated', 'max_agent') then
    raise exception 'max units of work are not for tenant users' using errcode = 'insufficient_privilege';
  end if;
  perform set_config('role', 'service_role', true);
  with due as (
    select s.id from public.scheduled_items s
      join public.tenants t on t.id = s.tenant_id and t.status = 'active'
     where s.due_at <= p_now
       and (s.state = 'pending'
            or (s.state = 'queued' and s.queued_at <= p_now - make_interval(secs => p_requeue_ms / 1000.0))
            or (s.state = 'running' and s.lease_until <= p_now))
     order by s.due_at
     limit greatest(1, least(p_limit, 1000))
     for update of s skip locked
  ), marked as (
    update public.scheduled_items s
       set state = case when s.state = 'running' then 'running' else 'queued' end, queued_at = p_now, updated_at = p_now
      from due where s.id = due.id
    returning s.id, s.tenant_id, s.kind, s.due_at
  )
  select coalesce(jsonb_agg(jsonb_build_object('tenantId', tenant_id, 'itemId', id, 'kind', kind) order by due_at), '[]'::jsonb)
    into v_out from marked;
  return v_out;
end
$$;

-- Claims one item for an attempt: once, under a lease, fenced by the attempt number.
create or replace function public.max_claim_scheduled(p_tenant text, p_item uuid, p_now timestamptz, p_lease_ms int) returns jsonb
language plpgsql as $$
declare
  v_row public.scheduled_items;
  v_lease interval := make_interval(secs => least(greatest(p_lease_ms, 1000), 600000) / 1000.0);
begin
  perform public.max_enter(p_tenant);
  select * into v_row from public.scheduled_items where tenant_id = p_tenant and id = p_item for update;
  if not found then
    return jsonb_build_object('outcome', 'missing');
  end if;
  if v_row.state in ('done', 'cancelled', 'failed') then
    return jsonb_build_object('outcome', 'final', 'state', v_row.state);
  end if;
  if v_row.due_at > p_now then
    return jsonb_build_object('outcome', 'not_due', 'retryAfterMs',
                              ceil(extract(epoch from v_row.due_at - p_now) * 1000)::bigint);
  end if;
  if v_row.state = 'running' and v_row.lease_until > p_now then
    return jsonb_build_object('outcome', 'busy', 'retryAfterMs',
                              ceil(extract(epoch from v_row.lease_until - p_now) * 1000)::bigint);
  end if;
  update public.scheduled_items
     set state = 'running', attempts = attempts + 1, lease_until = p_now + v_lease, updated_at = p_now
   where tenant_id = p_tenant and id = p_item
  returning * into v_row;
  return jsonb_build_object('outcome', 'claimed', 'attempt', v_row.attempts, 'item', jsonb_build_object(
    'id', v_row.id, 'tenantId', v_row.tenant_id, 'kind', v_row.kind, 'dedupeKey', v_row.dedupe_key,
    'subject', v_row.subject, 'chatId', v_row.chat_id, 'payload', v_row.payload, 'dueAt', v_row.due_at,
    'attempts', v_row.attempts),
    'settings', coalesce((select jsonb_object_agg(s.chat_id, s.settings) from public.schedule_settings s
                           where s.tenant_id = p_tenant), '{}'::jsonb),
    'team', coalesce((select jsonb_agg(jsonb_build_object('chatId', w.chat_id, 'role', w.role, 'name', w.display_name,
                                                          'optedOut', w.opted_out) order by w.chat_id)
                        from public.whatsapp_senders w where w.tenant_id = p_tenant), '[]'::jsonb),
    'memory', coalesce((select jsonb_object_agg(m.key, m.value) from public.tenant_memory m
                         where m.tenant_id = p_tenant and m.key like 'goal.%'), '{}'::jsonb));
end
$$;

-- Finishes an attempt, fenced (MX001 when another attempt took the item over): done with its messages
-- (outbox rows under their send keys, taken for sending at once) and its audit row, later (a new due
-- time: pacing, quiet hours), retry (given back) or failed. Follow-up items are enqueued in the same
-- transaction (the next occurrence of a digest).
create or replace function public.max_finish_scheduled(p jsonb) returns jsonb
language plpgsql as $$
declare
  v_tid text := p ->> 'tenantId';
  v_item uuid := (p ->> 'itemId')::uuid;
  v_now timestamptz := (p ->> 'now')::timestamptz;
  v_outcome text := p ->> 'outcome';
  v_row public.scheduled_items;
  v_keys text[];
  v_taken jsonb := '[]'::jsonb;
begin
  perform public.max_enter(v_tid);
  select * into v_row from public.scheduled_items
   where tenant_id = v_tid and id = v_item and state = 'running' and attempts = (p ->> 'attempt')::int for update;
  if not found then
    raise exception 'scheduled item lease lost' using errcode = 'MX001';
  end if;
  update public.scheduled_items
     set state = case v_outcome when 'done' then 'done' when 'failed' then 'failed' else 'pending' end,
         due_at = case when v_outcome = 'later' then (p ->> 'dueAt')::timestamptz else due_at end,
         lease_until = null, queued_at = null, updated_at = v_now,
         finished_at = case when v_outcome in ('done', 'failed') then v_now end,
         last_error = left(p ->> 'error', 200),
         result = coalesce(p -> 'result', result)
   where tenant_id = v_tid and id = v_item;
  if v_outcome = 'done' then
    insert into public.outbox (tenant_id, message_id, chat_id, body, send_key)
    select v_tid, null, o.chat_id, o.body, o.send_key
      from jsonb_to_recordset(coalesce(p -> 'outbox', '[]'::jsonb)) as o(chat_id text, body text, send_key text)
    on conflict (tenant_id, send_key) do nothing;
    select coalesce(array_agg(o.send_key), '{}') into v_keys
      from jsonb_to_recordset(coalesce(p -> 'outbox', '[]'::jsonb)) as o(send_key text);
  end if;
  if v_outcome in ('done', 'failed') then
    insert into public.max_logs (tenant_id, actor, action, target_entity, target_id, result, detail)
    values (v_tid, 'scheduler', 'scheduled.' || v_row.kind, nullif(split_part(coalesce(v_row.subject, ''), ':', 1), ''),
            nullif(split_part(coalesce(v_row.subject, ''), ':', 2), ''),
            case when v_outcome = 'done' then 'ok' else 'error' end,
            jsonb_build_object('itemId', v_item, 'attempt', v_row.attempts, 'messages', coalesce(array_length(v_keys, 1), 0))
              || coalesce(p -> 'audit', '{}'::jsonb));
  end if;
  if p ? 'schedule' then
    perform public.max_schedule_rows(v_tid, v_now, p -> 'schedule');
  end if;
  if coalesce(array_length(v_keys, 1), 0) > 0 then
    with due as (
      select o.id, o.status as prev from public.outbox o
       where o.tenant_id = v_tid and o.send_key = any (v_keys) and o.status = 'pending'
       for update skip locked
    ), taken as (
      update public.outbox o
         set status = 'sending', attempts = o.attempts + 1, next_attempt_at = now() + interval '20 seconds'
        from due where o.id = due.id
      returning o.id, o.message_id, o.chat_id, o.body, o.quoted_message_id, o.send_key, o.attempts, o.created_at
    )
    select coalesce(jsonb_agg(jsonb_build_object(
             'id', id, 'messageId', message_id, 'chatId', chat_id, 'body', body, 'quotedMessageId', quoted_message_id,
             'sendKey', send_key, 'attempts', attempts, 'createdAt', created_at, 'checkFirst', false)
             order by created_at), '[]'::jsonb)
      into v_taken from taken;
  end if;
  return jsonb_build_object('outbox', v_taken);
end
$$;

-- Cancels a tenant's open items: one by id, or by kinds (and, when given, only one member's).
create or replace function public.max_cancel_scheduled(p jsonb) returns jsonb
language plpgsql as $$
declare
  v_tid text := p ->> 'tenantId';
  v_n int;
begin
  perform public.max_enter(v_tid);
  update public.scheduled_items s
     set state = 'cancelled', finished_at = (p ->> 'now')::timestamptz, updated_at = (p ->> 'now')::timestamptz,
         last_error = left(coalesce(p ->> 'reason', 'cancelled'), 200), lease_until = null
   where s.tenant_id = v_tid and s.state in ('pending', 'queued')
     and (p ->> 'itemId' is null or s.id = (p ->> 'itemId')::uuid)
     and (p -> 'kinds' is null or s.kind in (select jsonb_array_elements_text(p -> 'kinds')))
     and (p ->> 'chatId' is null or s.chat_id = p ->> 'chatId');
  get diagnostics v_n = row_count;
  return jsonb_build_object('cancelled', v_n);
end
$$;

-- Merges a settings patch into the tenant's ('' chat) or one member's row; returns the new settings.
create or replace function public.max_set_schedule_settings(p jsonb) returns jsonb
language plpgsql as $$
declare
  v_tid text := p ->> 'tenantId';
  v_out jsonb;
begin
  perform public.max_enter(v_tid);
  insert into public.schedule_settings (tenant_id, chat_id, settings, updated_at)
  values (v_tid, coalesce(p ->> 'chatId', ''), coalesce(p -> 'patch', '{}'::jsonb), now())
  on conflict (tenant_id, chat_id) do update
    set settings = public.schedule_settings.settings || excluded.settings, updated_at = now()
  returning settings into v_out;
  return v_out;
end
$$;

-- The reminder last sent to one member (within p_since): what their "fait" / "reporte" answers.
create or replace function public.max_last_reminder(p_tenant text, p_chat text, p_since timestamptz) returns jsonb
language plpgsql as $$
begin
  perform public.max_enter(p_tenant);
  return (select s.payload || jsonb_build_object('itemId', s.id)
            from public.scheduled_items s
           where s.tenant_id = p_tenant and s.kind in ('reminder.task', 'reminder.meeting') and s.state = 'done'
             and s.finished_at >= p_since and (s.payload -> 'recipients') ? p_chat
             and coalesce((s.result ->> 'reminded')::int, 0) > 0
           order by s.finished_at desc limit 1);
end
$$;

-- What the planner needs of every active tenant, in one round trip: settings and the team.
create or replace function public.max_schedule_inputs() returns jsonb
language plpgsql as $$
begin
  if current_user in ('anon', 'authenticated', 'max_agent') then
    raise exception 'max units of work are not for tenant users' using errcode = 'insufficient_privilege';
  end if;
  perform set_config('role', 'service_role', true);
  return (select coalesce(jsonb_agg(jsonb_build_object(
      'tenantId', t.id, 'timezone', t.timezone, 'locale', t.locale,
      'settings', coalesce((select jsonb_object_agg(s.chat_id, s.settings) from public.schedule_settings s
                             where s.tenant_id = t.id), '{}'::jsonb),
      'team', coalesce((select jsonb_agg(jsonb_build_object('chatId', w.chat_id, 'role', w.role, 'name', w.display_name,
                                                            'optedOut', w.opted_out) order by w.chat_id)
                          from public.whatsapp_senders w where w.tenant_id = t.id), '[]'::jsonb))
      order by t.id), '[]'::jsonb)
    from public.tenants t where t.status = 'active');
end
$$;

do $$
declare f text;
begin
  foreach f in array array['max_schedule(jsonb)', 'max_due_scheduled(timestamptz, int, int)',
    'max_claim_scheduled(text, uuid, timestamptz, int)', 'max_finish_scheduled(jsonb)', 'max_cancel_scheduled(jsonb)',
    'max_set_schedule_settings(jsonb)', 'max_schedule_inputs()', 'max_last_reminder(text, text, timestamptz)']
  loop
    execute format('revoke all on function public.%s from public, anon, authenticated', f);
    execute format('grant execute on function public.%s to service_role', f);
  end loop;
end
$$;
-- The body of max_schedule, called by the units after they entered the tenant (max_agent, under RLS).
revoke all on function public.max_schedule_rows(text, timestamptz, jsonb) from public, anon, authenticated;
grant execute on function public.max_schedule_rows(text, timestamptz, jsonb) to max_agent, service_role;

comment on table public.scheduled_items is 'MAX on its own: one row per scheduled piece of work (reminder, digest, report, paced send); claimed once under a lease like inbound_messages.';
comment on column public.scheduled_items.id is 'The item''s id (queue messages name it).';
comment on column public.scheduled_items.tenant_id is 'The tenant it belongs to.';
comment on column public.scheduled_items.kind is 'Which handler runs it (reminder.task, digest.daily, report.weekly, reminders.sweep, …).';
comment on column public.scheduled_items.dedupe_key is 'Unique per tenant: enqueuing the same key again creates nothing (a cron firing twice).';
comment on column public.scheduled_items.subject is 'What it is about (Entity:id): a newer item of the same kind and subject replaces the open ones.';
comment on column public.scheduled_items.chat_id is 'For whom (a team member''s WhatsApp chat), or null for the tenant.';
comment on column public.scheduled_items.payload is 'The handler''s input (validated by its zod schema).';
comment on column public.scheduled_items.due_at is 'When it should run (the sweep hands it to the queue from then on).';
comment on column public.scheduled_items.state is 'pending → queued → running → done / cancelled / failed (later: back to pending with a new due time).';
comment on column public.scheduled_items.attempts is 'Claims so far: the fence of max_finish_scheduled.';
comment on column public.scheduled_items.lease_until is 'A running attempt holds it until then; afterwards another may take it over.';
comment on column public.scheduled_items.queued_at is 'When the sweep last handed it to the queue.';
comment on column public.scheduled_items.last_error is 'Why its last attempt did not finish, or why it was cancelled.';
comment on column public.scheduled_items.result is 'What its handler reported (counts; never message text).';
comment on column public.scheduled_items.created_at is 'When it was enqueued.';
comment on column public.scheduled_items.updated_at is 'Last change (by the caller''s clock).';
comment on column public.scheduled_items.finished_at is 'When it became done, cancelled or failed.';
comment on table public.schedule_settings is 'Who wants what from the scheduler: the tenant (chat_id '''') and each member (reminders, digest and its time, weekly report, quiet hours).';
comment on column public.schedule_settings.tenant_id is 'The tenant.';
comment on column public.schedule_settings.chat_id is 'A team member''s chat, or '''' for the tenant''s own settings.';
comment on column public.schedule_settings.settings is 'Settings (core scheduler/settings.ts: keys and defaults).';
comment on column public.schedule_settings.updated_at is 'Last change.';
comment on view public.scheduled_work is 'The operator''s view of the scheduler: what, for whom, when, state, attempts.';
comment on column public.scheduled_work.tenant_id is 'The tenant.';
comment on column public.scheduled_work.tenant is 'The tenant''s name.';
comment on column public.scheduled_work.id is 'The item''s id.';
comment on column public.scheduled_work.what is 'Its kind.';
comment on column public.scheduled_work.for_whom is 'The member''s chat, or tenant.';
comment on column public.scheduled_work.subject is 'The CRM record it is about, if any.';
comment on column public.scheduled_work.due is 'When it is due.';
comment on column public.scheduled_work.state is 'pending, queued, running, done, cancelled or failed.';
comment on column public.scheduled_work.attempts is 'Claims so far.';
comment on column public.scheduled_work.last_error is 'Why the last attempt did not finish, or why it was cancelled.';
comment on column public.scheduled_work.created_at is 'When it was enqueued.';
comment on column public.scheduled_work.finished_at is 'When it finished.';
comment on function public.max_schedule(jsonb) is 'Enqueue items once per dedupe key. In: {tenantId, now, items: [{kind, dedupeKey, dueAt, payload, subject?, chatId?, replaces?}]}. Out: {created, replaced}.';
comment on function public.max_schedule_rows(text, timestamptz, jsonb) is 'The body of max_schedule, called inside units after they entered the tenant. In: p_items as max_schedule''s items. Out: {created, replaced}.';
comment on function public.max_due_scheduled(timestamptz, int, int) is 'The cron''s sweep (service role). In: p_now, p_limit (items at most), p_requeue_ms. Due items of active tenants, marked queued; a queued item unclaimed after p_requeue_ms, or a running one whose lease ran out, again. Out: [{tenantId, itemId, kind}].';
comment on function public.max_claim_scheduled(text, uuid, timestamptz, int) is 'Claim one item under a lease. In: p_tenant, p_item, p_now, p_lease_ms. Out: {outcome: claimed, attempt, item, settings, team, memory (the goals)} | {outcome: busy | not_due, retryAfterMs} | {outcome: final, state} | {outcome: missing}.';
comment on function public.max_finish_scheduled(jsonb) is 'Finish an attempt, fenced (MX001). In: {tenantId, itemId, attempt, now, outcome: done|later|retry|failed, dueAt?, error?, result?, audit?, outbox?: [{chat_id, body, send_key}], schedule?: [items]}. Out: {outbox: rows taken for sending}.';
comment on function public.max_cancel_scheduled(jsonb) is 'Cancel a tenant''s open items. In: {tenantId, now, itemId? | kinds?, chatId?, reason?}. Out: {cancelled}.';
comment on function public.max_set_schedule_settings(jsonb) is 'Merge a settings patch. In: {tenantId, chatId? ('''' or null: the tenant), patch}. Out: the new settings object.';
comment on function public.max_schedule_inputs() is 'The planner''s input (service role). Out: [{tenantId, timezone, locale, settings: {chat or '''': {...}}, team: [{chatId, role, name, optedOut}]}].';
comment on function public.max_last_reminder(text, text, timestamptz) is 'The reminder last sent to a member. In: p_tenant, p_chat, p_since. Out: its payload {entity, id, name, at, recipients, itemId} or NULL.';
