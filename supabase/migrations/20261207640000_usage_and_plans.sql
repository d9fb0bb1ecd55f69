-- Running MAX as a service, part 4: usage metering and plan limits.
--
-- Usage is counted per tenant per UTC day by triggers on the rows the units of work already write —
-- inbound_messages (messages in, active WhatsApp users), outbox (messages out), max_logs (leads
-- created, CRM calls, model calls and tokens, transcription seconds: the turn's audit rows carry
-- them) — so metering adds no statement, let alone a round trip, to a message.
--
-- Plans are data: limits per month by metric. Limits are enforced where the context is loaded:
-- the state a trigger writes (the tenant's plan_blocked_month, a sender's plan_blocked_month) is
-- part of the rows max_begin_turn already returns, so the agent answers "limit reached" instead of
-- acting, in the statement that loads the turn. At 80 % and at 100 % the admins are told once.

-- Plans -------------------------------------------------------------------------------------------

create table public.plans (
  id text primary key check (id ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
  name text not null check (length(name) between 1 and 100),
  -- Per month, by metric (a metric absent: unlimited).
  limits jsonb not null default '{}'::jsonb,
  monthly_price_cents integer check (monthly_price_cents >= 0),
  -- Per unit beyond a limit, by metric (billed when an operator lifted the limit).
  overage_cents jsonb not null default '{}'::jsonb,
  currency text not null default 'EUR' check (currency ~ '^[A-Z]{3}$'),
  created_at timestamptz not null default now()
);

-- The metrics a plan may limit (the columns of tenant_usage, and active_users per month).
create function public.usage_metrics() returns text[]
language sql immutable set search_path = '' as $$
  select array['messages_in', 'messages_out', 'model_calls', 'prompt_tokens', 'cached_tokens', 'completion_tokens',
               'transcription_seconds', 'crm_calls', 'leads_created', 'active_users']
$$;

create function public.plan_amounts_valid(p jsonb) returns boolean
language sql immutable set search_path = '' as $$
  select jsonb_typeof(p) = 'object'
     and not exists (select 1 from jsonb_each(p) e
                      where e.key <> all (public.usage_metrics())
                         or jsonb_typeof(e.value) <> 'number' or (e.value)::numeric < 0)
$$;
alter table public.plans
  add constraint plans_limits_valid check (public.plan_amounts_valid(limits)),
  add constraint plans_overage_valid check (public.plan_amounts_valid(overage_cents));

-- The seed's offer: by users (1–5, 6–20, 21+) or by leads per month (1,000, 5,000, unlimited).
-- Prices are the operator's to set (update plans set monthly_price_cents = …).
insert into public.plans (id, name, limits) values
  ('users-5', 'Solo: 1 to 5 users', '{"active_users": 5}'),
  ('users-20', 'Team: 6 to 20 users', '{"active_users": 20}'),
  ('users-unlimited', 'Business: 21 users and more', '{}'),
  ('leads-1000', '1,000 leads a month', '{"leads_created": 1000}'),
  ('leads-5000', '5,000 leads a month', '{"leads_created": 5000}'),
  ('leads-unlimited', 'Unlimited leads', '{}');

alter table public.tenants
  add column plan_id text references public.plans (id),
  -- An operator lifted the limits until then (usage beyond them is overage on the statement).
  add column limits_lifted_until timestamptz,
  -- The UTC month (its first day) in which the tenant reached a tenant-wide limit, and which.
  add column plan_blocked_month date,
  add column plan_blocked_metric text;

-- What the metering writes is not a setting: warm agents need not rebuild their clients for it.
create or replace function public.tenants_bump_version() returns trigger
language plpgsql as $$
declare
  v_ignored text[] := array['settings_version', 'updated_at', 'plan_id', 'limits_lifted_until', 'plan_blocked_month',
                            'plan_blocked_metric', 'deletion_requested_at', 'purge_after'];
begin
  if (to_jsonb(new) - v_ignored) is distinct from (to_jsonb(old) - v_ignored) then
    new.settings_version := old.settings_version + 1;
  end if;
  return new;
end
$$;

alter table public.whatsapp_senders
  add column active_on date,
  add column active_month date,
  add column plan_blocked_month date;

-- Usage ---------------------------------------------------------------------------------------------

create table public.tenant_usage (
  tenant_id text not null references public.tenants (id) on delete cascade,
  day date not null,
  messages_in integer not null default 0 check (messages_in >= 0),
  messages_out integer not null default 0 check (messages_out >= 0),
  model_calls integer not null default 0 check (model_calls >= 0),
  prompt_tokens bigint not null default 0 check (prompt_tokens >= 0),
  cached_tokens bigint not null default 0 check (cached_tokens >= 0),
  completion_tokens bigint not null default 0 check (completion_tokens >= 0),
  transcription_seconds numeric(12, 1) not null default 0 check (transcription_seconds >= 0),
  crm_calls integer not null default 0 check (crm_calls >= 0),
  leads_created integer not null default 0 check (leads_created >= 0),
  active_users integer not null default 0 check (active_users >= 0),
  new_month_users integer not null default 0 check (new_month_users >= 0),
  primary key (tenant_id, day)
);
alter table public.tenant_usage enable row level security;
alter table public.tenant_usage force row level security;
alter table public.plans enable row level security;
alter table public.plans force row level security;
revoke all on table public.tenant_usage, public.plans from public, anon, authenticated, max_agent, service_role;
grant select on table public.tenant_usage, public.plans to service_role;
create policy operator_read on public.tenant_usage for select to service_role using (true);
create policy operator_read on public.plans for select to service_role using (true);
-- A tenant's owners and admins read its usage (README, Security model).
create policy admin_read on public.tenant_usage for select to authenticated
  using (tenant_id = (select public.current_tenant_id())
         and (select public.current_member_role()) in ('owner', 'admin'));
grant select on table public.tenant_usage to authenticated;

-- The admins hear once per month and level (80, 100) of a limit: an outbox row to each, keyed so,
-- tied to the message being handled (its turn sends it).
create function public.usage_notice(p_tenant text, p_message uuid, p_metric text, p_level integer,
                                    p_used numeric, p_limit numeric, p_month date)
returns void language plpgsql security definer set search_path = '' as $$
declare
  v_locale text := (select t.locale from public.tenants t where t.id = p_tenant);
  v_what text := case p_metric
    when 'leads_created' then case when v_locale = 'en' then 'leads created' else 'leads créés' end
    when 'active_users' then case when v_locale = 'en' then 'active users' else 'utilisateurs actifs' end
    else replace(p_metric, '_', ' ') end;
  v_body text;
begin
  if v_locale = 'en' then
    v_body := case when p_level >= 100
      then format('⛔ MAX: your plan''s limit is reached (%s/%s %s this month). MAX still answers searches, but creates and changes nothing more until the 1st of next month, unless your operator lifts the limit.', p_used, p_limit, v_what)
      else format('ℹ️ MAX: %s%% of your plan is used (%s/%s %s this month). Past %s, MAX will stop creating and changing records until next month, unless your operator lifts the limit.', p_level, p_used, p_limit, v_what, p_limit) end;
  else
    v_body := case when p_level >= 100
      then format('⛔ MAX : la limite de votre forfait est atteinte (%s/%s %s ce mois-ci). MAX répond toujours aux recherches, mais ne crée ni ne modifie plus rien jusqu''au 1er du mois prochain, sauf si votre opérateur relève la limite.', p_used, p_limit, v_what)
      else format('ℹ️ MAX : %s %% de votre forfait est utilisé (%s/%s %s ce mois-ci). Au-delà de %s, MAX ne créera ni ne modifiera plus rien jusqu''au mois prochain, sauf si votre opérateur relève la limite.', p_level, p_used, p_limit, v_what, p_limit) end;
  end if;
  insert into public.outbox (tenant_id, message_id, chat_id, body, send_key)
  select p_tenant, p_message, w.chat_id, v_body,
         format('plan:%s:%s:%s:%s', p_metric, to_char(p_month, 'YYYY-MM'), p_level, w.chat_id)
    from public.whatsapp_senders w
   where w.tenant_id = p_tenant and w.role = 'admin' and not w.opted_out
  on conflict (tenant_id, send_key) do nothing;
end
$$;

-- Adds to a tenant's usage of the day, then checks the plan's tenant-wide limits on what moved:
-- 80 % tells the admins, 100 % tells them and blocks acting for the rest of the month.
create function public.usage_add(p_tenant text, p_message uuid, p jsonb) returns void
language plpgsql security definer set search_path = '' as $$
declare
  v_now timestamptz := now();
  v_day date := (v_now at time zone 'UTC')::date;
  v_month date := date_trunc('month', v_now at time zone 'UTC')::date;
  v_plan public.plans;
  v_lifted boolean;
  v_limit record;
  v_used numeric;
begin
  insert into public.tenant_usage as u (tenant_id, day, messages_in, messages_out, model_calls, prompt_tokens,
                                        cached_tokens, completion_tokens, transcription_seconds, crm_calls,
                                        leads_created, active_users, new_month_users)
  values (p_tenant, v_day, coalesce((p ->> 'messages_in')::int, 0), coalesce((p ->> 'messages_out')::int, 0),
          coalesce((p ->> 'model_calls')::int, 0), coalesce((p ->> 'prompt_tokens')::bigint, 0),
          coalesce((p ->> 'cached_tokens')::bigint, 0), coalesce((p ->> 'completion_tokens')::bigint, 0),
          coalesce((p ->> 'transcription_seconds')::numeric, 0), coalesce((p ->> 'crm_calls')::int, 0),
          coalesce((p ->> 'leads_created')::int, 0), coalesce((p ->> 'active_users')::int, 0),
          coalesce((p ->> 'new_month_users')::int, 0))
  on conflict (tenant_id, day) do update set
    messages_in = u.messages_in + excluded.messages_in,
    messages_out = u.messages_out + excluded.messages_out,
    model_calls = u.model_calls + excluded.model_calls,
    prompt_tokens = u.prompt_tokens + excluded.prompt_tokens,
    cached_tokens = u.cached_tokens + excluded.cached_tokens,
    completion_tokens = u.completion_tokens + excluded.completion_tokens,
    transcription_seconds = u.transcription_seconds + excluded.transcription_seconds,
    crm_calls = u.crm_calls + excluded.crm_calls,
    leads_created = u.leads_created + excluded.leads_created,
    active_users = u.active_users + excluded.active_users,
    new_month_users = u.new_month_users + excluded.new_month_users;

  select p2.* into v_plan from public.tenants t join public.plans p2 on p2.id = t.plan_id where t.id = p_tenant;
  if v_plan.id is null or v_plan.limits = '{}'::jsonb then
    return;
  end if;
  select coalesce(t.limits_lifted_until > v_now, false) into v_lifted from public.tenants t where t.id = p_tenant;
  if v_lifted then
    return;
  end if;
  for v_limit in
    select e.key as metric, (e.value)::numeric as lim from jsonb_each(v_plan.limits) e
     where e.key <> 'active_users' and coalesce((p ->> e.key)::numeric, 0) > 0
  loop
    execute format('select coalesce(sum(%I), 0) from public.tenant_usage where tenant_id = $1 and day >= $2', v_limit.metric)
      into v_used using p_tenant, v_month;
    if v_used >= ceil(v_limit.lim * 0.8) then
      perform public.usage_notice(p_tenant, p_message, v_limit.metric, case when v_used >= v_limit.lim then 100 else 80 end,
                                  v_used, v_limit.lim, v_month);
    end if;
    if v_used >= v_limit.lim then
      update public.tenants set plan_blocked_month = v_month, plan_blocked_metric = v_limit.metric
       where id = p_tenant and plan_blocked_month is distinct from v_month;
    end if;
  end loop;
end
$$;

-- A message MAX received: counted; its sender is an active user of the day and of the month — or,
-- beyond the plan's users for the month, refused acting (the turn this statement loads says so).
create function public.usage_on_message() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  v_now timestamptz := now();
  v_day date := (v_now at time zone 'UTC')::date;
  v_month date := date_trunc('month', v_now at time zone 'UTC')::date;
  v_sender public.whatsapp_senders;
  v_limit numeric;
  v_users numeric;
begin
  if new.outcome is not distinct from 'human_active' then
    return null;
  end if;
  select * into v_sender from public.whatsapp_senders w
   where w.tenant_id = new.tenant_id and w.chat_id = new.sender_id for update;
  -- A stranger, a group message MAX ignores, or a sender already counted today: a message, no more.
  if v_sender.chat_id is null or new.status = 'ignored' or v_sender.active_on is not distinct from v_day then
    perform public.usage_add(new.tenant_id, new.id, jsonb_build_object('messages_in', 1));
    return null;
  end if;
  if v_sender.active_month is not distinct from v_month then
    update public.whatsapp_senders set active_on = v_day where tenant_id = new.tenant_id and chat_id = new.sender_id;
    perform public.usage_add(new.tenant_id, new.id, jsonb_build_object('messages_in', 1, 'active_users', 1));
    return null;
  end if;
  -- The sender's first message of the month: within the plan's users?
  select (p.limits ->> 'active_users')::numeric into v_limit
    from public.tenants t join public.plans p on p.id = t.plan_id
   where t.id = new.tenant_id and not coalesce(t.limits_lifted_until > v_now, false);
  select coalesce(sum(u.new_month_users), 0) into v_users from public.tenant_usage u
   where u.tenant_id = new.tenant_id and u.day >= v_month;
  if v_limit is not null and v_users >= v_limit then
    update public.whatsapp_senders set plan_blocked_month = v_month
     where tenant_id = new.tenant_id and chat_id = new.sender_id;
    perform public.usage_add(new.tenant_id, new.id, jsonb_build_object('messages_in', 1));
    perform public.usage_notice(new.tenant_id, new.id, 'active_users', 100, v_users, v_limit, v_month);
    return null;
  end if;
  update public.whatsapp_senders set active_on = v_day, active_month = v_month, plan_blocked_month = null
   where tenant_id = new.tenant_id and chat_id = new.sender_id;
  perform public.usage_add(new.tenant_id, new.id,
                           jsonb_build_object('messages_in', 1, 'active_users', 1, 'new_month_users', 1));
  if v_limit is not null and v_users + 1 >= ceil(v_limit * 0.8) then
    perform public.usage_notice(new.tenant_id, new.id, 'active_users',
                                case when v_users + 1 >= v_limit then 100 else 80 end, v_users + 1, v_limit, v_month);
  end if;
  return null;
end
$$;
create trigger inbound_messages_usage after insert on public.inbound_messages
  for each row execute function public.usage_on_message();

-- A reply that went out.
create function public.usage_on_send() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  perform public.usage_add(new.tenant_id, new.message_id, jsonb_build_object('messages_out', 1));
  return null;
end
$$;
create trigger outbox_usage after update of status on public.outbox
  for each row when (new.status = 'sent' and old.status is distinct from 'sent')
  execute function public.usage_on_send();

-- The turn's audit rows: a lead created (a reused result is not counted again); the CRM requests a
-- tool call made (detail.crm_calls); the model's calls and tokens (action model_usage); the seconds
-- of voice notes transcribed (action transcription).
create function public.usage_on_audit() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  v_add jsonb := '{}'::jsonb;
begin
  if new.result not in ('ok', 'error') then
    return null;
  end if;
  if new.action = 'create_lead' and new.result = 'ok' then
    v_add := v_add || jsonb_build_object('leads_created', 1);
  end if;
  if (new.detail ->> 'crm_calls') ~ '^[0-9]+$' then
    v_add := v_add || jsonb_build_object('crm_calls', (new.detail ->> 'crm_calls')::int);
  end if;
  if new.action = 'model_usage' then
    v_add := v_add || jsonb_build_object(
      'model_calls', coalesce((new.detail ->> 'calls')::int, 0),
      'prompt_tokens', coalesce((new.detail ->> 'prompt_tokens')::bigint, 0),
      'cached_tokens', coalesce((new.detail ->> 'cached_tokens')::bigint, 0),
      'completion_tokens', coalesce((new.detail ->> 'completion_tokens')::bigint, 0));
  end if;
  if new.action = 'transcription' then
    v_add := v_add || jsonb_build_object('transcription_seconds', coalesce((new.detail ->> 'seconds')::numeric, 0));
  end if;
  if v_add <> '{}'::jsonb then
    perform public.usage_add(new.tenant_id, new.message_id, v_add);
  end if;
  return null;
end
$$;
create trigger max_logs_usage after insert on public.max_logs
  for each row execute function public.usage_on_audit();

-- An operator changed the plan or lifted the limits: the month's state is judged again now (the
-- senders refused as extra users are judged at their next message).
create function public.plan_recheck(p_tenant text) returns text
language plpgsql security definer set search_path = '' as $$
declare
  v_now timestamptz := now();
  v_month date := date_trunc('month', v_now at time zone 'UTC')::date;
  v_plan public.plans;
  v_lifted boolean;
  v_limit record;
  v_used numeric;
  v_blocked text;
begin
  select p.* into v_plan from public.tenants t left join public.plans p on p.id = t.plan_id where t.id = p_tenant;
  select coalesce(t.limits_lifted_until > v_now, false) into v_lifted from public.tenants t where t.id = p_tenant;
  if v_plan.id is not null and not v_lifted then
    for v_limit in select e.key as metric, (e.value)::numeric as lim from jsonb_each(v_plan.limits) e
                    where e.key <> 'active_users' loop
      execute format('select coalesce(sum(%I), 0) from public.tenant_usage where tenant_id = $1 and day >= $2', v_limit.metric)
        into v_used using p_tenant, v_month;
      if v_used >= v_limit.lim then
        v_blocked := v_limit.metric;
        exit;
      end if;
    end loop;
  end if;
  update public.tenants
     set plan_blocked_month = case when v_blocked is null then null else v_month end, plan_blocked_metric = v_blocked
   where id = p_tenant;
  update public.whatsapp_senders set plan_blocked_month = null where tenant_id = p_tenant and plan_blocked_month is not null;
  return v_blocked;
end
$$;

revoke execute on function public.usage_metrics(), public.plan_amounts_valid(jsonb),
  public.usage_notice(text, uuid, text, integer, numeric, numeric, date), public.usage_add(text, uuid, jsonb),
  public.usage_on_message(), public.usage_on_send(), public.usage_on_audit(), public.plan_recheck(text)
  from public, anon, authenticated, max_agent, service_role;

-- Views for the dashboard -------------------------------------------------------------------------

-- An aggregate like the other dashboard views (one row per tenant and day either way): never writable.
create view public.usage_daily with (security_invoker = true) as
select u.tenant_id, u.day,
       sum(u.messages_in)::bigint as messages_in,
       sum(u.messages_out)::bigint as messages_out,
       sum(u.model_calls)::bigint as model_calls,
       sum(u.prompt_tokens)::bigint as prompt_tokens,
       sum(u.cached_tokens)::bigint as cached_tokens,
       sum(u.completion_tokens)::bigint as completion_tokens,
       sum(u.transcription_seconds) as transcription_seconds,
       sum(u.crm_calls)::bigint as crm_calls,
       sum(u.leads_created)::bigint as leads_created,
       sum(u.active_users)::bigint as active_users
  from public.tenant_usage u
 group by u.tenant_id, u.day;

create view public.usage_monthly with (security_invoker = true) as
select u.tenant_id,
       date_trunc('month', u.day)::date as month,
       sum(u.messages_in)::bigint as messages_in,
       sum(u.messages_out)::bigint as messages_out,
       sum(u.model_calls)::bigint as model_calls,
       sum(u.prompt_tokens)::bigint as prompt_tokens,
       sum(u.cached_tokens)::bigint as cached_tokens,
       sum(u.completion_tokens)::bigint as completion_tokens,
       sum(u.transcription_seconds) as transcription_seconds,
       sum(u.crm_calls)::bigint as crm_calls,
       sum(u.leads_created)::bigint as leads_created,
       sum(u.new_month_users)::bigint as active_users
  from public.tenant_usage u
 group by u.tenant_id, date_trunc('month', u.day);

revoke all on public.usage_daily, public.usage_monthly from public, anon;
grant select on public.usage_daily, public.usage_monthly to authenticated, service_role;

-- Comments ----------------------------------------------------------------------------------------

comment on table public.plans is
  'What a tenant may use per month (plans as data: the seed''s users 1-5 / 6-20 / 21+ and leads 1,000 / 5,000 / unlimited), and what it costs. Operators write it (SQL editor); read by the statement.';
comment on column public.plans.id is 'The plan''s slug (tenants.plan_id).';
comment on column public.plans.name is 'Its name on a statement.';
comment on column public.plans.limits is 'Per month, by metric (usage_metrics()): {"active_users": 5} or {"leads_created": 1000}; a metric absent is unlimited.';
comment on column public.plans.monthly_price_cents is 'The price per month, in cents of currency (NULL: not priced).';
comment on column public.plans.overage_cents is 'Per unit beyond a limit, by metric, in cents (billed when an operator lifted the limit).';
comment on column public.plans.currency is 'ISO 4217 currency of the prices.';
comment on column public.plans.created_at is 'When the plan was added.';
comment on column public.tenants.plan_id is 'The tenant''s plan (NULL: no limits).';
comment on column public.tenants.limits_lifted_until is 'An operator lifted the plan''s limits until then (usage beyond them is overage on the statement).';
comment on column public.tenants.plan_blocked_month is 'The UTC month (its first day) in which the tenant reached a tenant-wide limit: MAX answers but does not act until the next month or a lift. Written by the metering triggers.';
comment on column public.tenants.plan_blocked_metric is 'Which limit was reached (leads_created, …).';
comment on column public.whatsapp_senders.active_on is 'The last UTC day the sender wrote to MAX (metering: active users per day).';
comment on column public.whatsapp_senders.active_month is 'The UTC month (first day) the sender was last counted an active user in.';
comment on column public.whatsapp_senders.plan_blocked_month is 'The UTC month in which the sender was one user beyond the plan''s: MAX answers but does not act for them.';

comment on table public.tenant_usage is
  'What each tenant used per UTC day, written by triggers as the work happens (no statement of its own). Owners and admins of a tenant read theirs; operators all.';
comment on column public.tenant_usage.tenant_id is 'The tenant.';
comment on column public.tenant_usage.day is 'The UTC day.';
comment on column public.tenant_usage.messages_in is 'Messages MAX received (WhatsApp and web chat; a human''s own replies from the business phone not counted).';
comment on column public.tenant_usage.messages_out is 'WhatsApp messages MAX sent (replies, notices, alerts).';
comment on column public.tenant_usage.model_calls is 'Calls to the language model.';
comment on column public.tenant_usage.prompt_tokens is 'Prompt tokens of those calls.';
comment on column public.tenant_usage.cached_tokens is 'Of the prompt tokens, those the provider served from its cache.';
comment on column public.tenant_usage.completion_tokens is 'Completion tokens of those calls.';
comment on column public.tenant_usage.transcription_seconds is 'Seconds of voice notes transcribed.';
comment on column public.tenant_usage.crm_calls is 'HTTP requests to the tenant''s CRM made by its turns'' tool calls.';
comment on column public.tenant_usage.leads_created is 'Leads MAX created (a redelivery replaying a stored result not counted twice).';
comment on column public.tenant_usage.active_users is 'Distinct WhatsApp senders who wrote that day.';
comment on column public.tenant_usage.new_month_users is 'Of those, the ones whose first message of the month it was (their sum over a month is the month''s active users).';

comment on view public.usage_daily is 'Usage per tenant per UTC day (the caller''s rows: operators all, a tenant''s owners and admins theirs).';
comment on column public.usage_daily.tenant_id is 'The tenant.';
comment on column public.usage_daily.day is 'The UTC day.';
comment on column public.usage_daily.messages_in is 'Messages received.';
comment on column public.usage_daily.messages_out is 'WhatsApp messages sent.';
comment on column public.usage_daily.model_calls is 'Model calls.';
comment on column public.usage_daily.prompt_tokens is 'Prompt tokens.';
comment on column public.usage_daily.cached_tokens is 'Cached prompt tokens.';
comment on column public.usage_daily.completion_tokens is 'Completion tokens.';
comment on column public.usage_daily.transcription_seconds is 'Seconds transcribed.';
comment on column public.usage_daily.crm_calls is 'CRM requests.';
comment on column public.usage_daily.leads_created is 'Leads created.';
comment on column public.usage_daily.active_users is 'Distinct WhatsApp senders that day.';

comment on view public.usage_monthly is 'Usage per tenant per UTC month; active_users counts each sender once a month.';
comment on column public.usage_monthly.tenant_id is 'The tenant.';
comment on column public.usage_monthly.month is 'The month (its first day).';
comment on column public.usage_monthly.messages_in is 'Messages received.';
comment on column public.usage_monthly.messages_out is 'WhatsApp messages sent.';
comment on column public.usage_monthly.model_calls is 'Model calls.';
comment on column public.usage_monthly.prompt_tokens is 'Prompt tokens.';
comment on column public.usage_monthly.cached_tokens is 'Cached prompt tokens.';
comment on column public.usage_monthly.completion_tokens is 'Completion tokens.';
comment on column public.usage_monthly.transcription_seconds is 'Seconds transcribed.';
comment on column public.usage_monthly.crm_calls is 'CRM requests.';
comment on column public.usage_monthly.leads_created is 'Leads created.';
comment on column public.usage_monthly.active_users is 'Distinct WhatsApp senders in the month (beyond a plan''s users, refused ones are not counted).';

comment on function public.usage_metrics() is 'The metrics usage is counted in and plans may limit.';
comment on function public.plan_amounts_valid(jsonb) is 'Check of plans.limits and plans.overage_cents: an object of known metrics to non-negative numbers.';
comment on function public.usage_notice(text, uuid, text, integer, numeric, numeric, date) is
  'Tells a tenant''s admins once per month and level (80, 100) of a limit: an outbox row to each, tied to the message being handled.';
comment on function public.usage_add(text, uuid, jsonb) is
  'Adds {metric: amount} to the tenant''s usage of the UTC day; then, for limited metrics that moved, 80 % notifies and 100 % blocks acting for the month (tenants.plan_blocked_month) unless lifted.';
comment on function public.usage_on_message() is
  'Trigger on inbound_messages: a message in; its sender active for the day and month, or (beyond the plan''s users) refused acting for the month.';
comment on function public.usage_on_send() is 'Trigger on outbox: a WhatsApp message sent.';
comment on function public.usage_on_audit() is
  'Trigger on max_logs: leads created, CRM requests (detail.crm_calls), model calls and tokens (model_usage rows), seconds transcribed (transcription rows).';
comment on function public.plan_recheck(text) is
  'Judges the month''s limits again after an operator changed the plan or lifted the limits; returns the limit still reached, if any.';
comment on function public.tenants_bump_version() is
  'Trigger: moves settings_version when a setting changes (not for plan and metering state), so warm agents rebuild their clients.';
