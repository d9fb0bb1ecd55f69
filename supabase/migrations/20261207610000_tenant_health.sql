-- Running MAX as a service, part 2: tenant health on a schedule. The Worker's cron asks the agent to
-- check each active tenant (its CRM, its Green-API instance, the last hour's failures and dead
-- letters, the replies waiting to go out); the latest result is kept per tenant, and a change of
-- state opens or closes an incident. An incident alerts once (a daily reminder while it lasts, one
-- recovery notice), whichever check run sees it first: the partial unique index below makes a
-- second cron run find the incident already open.

create table public.tenant_health (
  tenant_id text primary key references public.tenants (id) on delete cascade,
  checked_at timestamptz not null,
  status text not null check (status in ('ok', 'degraded', 'down')),
  -- One entry per component: {"ok": bool, "detail": text, "checks": [...]}.
  components jsonb not null check (jsonb_typeof(components) = 'object'),
  messages_last_hour integer not null check (messages_last_hour >= 0),
  failed_last_hour integer not null check (failed_last_hour >= 0),
  dead_letters_last_hour integer not null check (dead_letters_last_hour >= 0),
  outbox_backlog integer not null check (outbox_backlog >= 0),
  request_id text
);

create table public.health_incidents (
  id uuid primary key default gen_random_uuid(),
  tenant_id text not null references public.tenants (id) on delete cascade,
  component text not null check (component in ('crm', 'whatsapp', 'messages')),
  opened_at timestamptz not null default now(),
  resolved_at timestamptz,
  -- Came back within an hour of its recovery: the same incident (no new alert, no storm).
  reopened integer not null default 0 check (reopened >= 0),
  reminders integer not null default 0 check (reminders >= 0),
  last_reminded_at timestamptz,
  detail text
);
-- At most one open incident per tenant and component: the once-only of the alerts.
create unique index health_incidents_open_idx on public.health_incidents (tenant_id, component)
  where resolved_at is null;
create index health_incidents_tenant_idx on public.health_incidents (tenant_id, opened_at desc);

-- Alerts for the operator's channel (a webhook URL): when WhatsApp itself is the broken part, or a
-- tenant has no admin to tell. Recorded once per key, then delivered (retried by later runs).
create table public.operator_alerts (
  id uuid primary key default gen_random_uuid(),
  alert_key text not null unique,
  tenant_id text not null references public.tenants (id) on delete cascade,
  incident_id uuid references public.health_incidents (id) on delete cascade,
  kind text not null check (kind in ('opened', 'reminder', 'resolved')),
  payload jsonb not null,
  status text not null default 'pending' check (status in ('pending', 'sending', 'sent', 'failed')),
  attempts integer not null default 0 check (attempts >= 0),
  -- A run takes an alert (sending) until then: two runs at once never post it twice.
  next_attempt_at timestamptz not null default now(),
  last_error text,
  created_at timestamptz not null default now(),
  sent_at timestamptz
);
create index operator_alerts_due_idx on public.operator_alerts (next_attempt_at) where status in ('pending', 'sending');

do $$
declare t text;
begin
  foreach t in array array['tenant_health', 'health_incidents', 'operator_alerts'] loop
    execute format('alter table public.%I enable row level security', t);
    execute format('alter table public.%I force row level security', t);
    execute format('revoke all on table public.%I from public, anon, authenticated, max_agent, service_role', t);
    execute format('grant select on table public.%I to service_role', t);
    execute format('create policy operator_read on public.%I for select to service_role using (true)', t);
  end loop;
end
$$;

-- The dashboard's view: each tenant, its last check and what is open.
create view public.tenant_health_overview with (security_invoker = true) as
select t.id as tenant_id,
       t.name,
       t.status as tenant_status,
       h.status as health,
       h.checked_at,
       h.components -> 'crm' ->> 'detail' as crm,
       h.components -> 'whatsapp' ->> 'detail' as whatsapp,
       h.messages_last_hour,
       h.failed_last_hour,
       h.dead_letters_last_hour,
       h.outbox_backlog,
       (select string_agg(i.component, ', ' order by i.component) from public.health_incidents i
         where i.tenant_id = t.id and i.resolved_at is null) as open_incidents,
       (select min(i.opened_at) from public.health_incidents i
         where i.tenant_id = t.id and i.resolved_at is null) as incident_since
  from public.tenants t
  left join public.tenant_health h on h.tenant_id = t.id
 where t.status <> 'deleted';
revoke all on public.tenant_health_overview from public, anon, authenticated;
grant select on public.tenant_health_overview to service_role;

comment on table public.tenant_health is
  'The latest health check of each tenant (the Worker''s cron through the agent, every 10 minutes): written by the agent as the owner, read in the dashboard.';
comment on column public.tenant_health.tenant_id is 'The tenant.';
comment on column public.tenant_health.checked_at is 'When it was checked.';
comment on column public.tenant_health.status is 'ok; degraded (messages fail or wait: errors, dead letters, replies not going out); down (the CRM or the WhatsApp instance is broken).';
comment on column public.tenant_health.components is 'Per component (crm, whatsapp, messages): ok and what the checks said.';
comment on column public.tenant_health.messages_last_hour is 'Messages received in the hour before the check.';
comment on column public.tenant_health.failed_last_hour is 'Of those, how many failed or went dead.';
comment on column public.tenant_health.dead_letters_last_hour is 'Messages that went dead in the hour before the check.';
comment on column public.tenant_health.outbox_backlog is 'Replies not sent 5 minutes after they were queued.';
comment on column public.tenant_health.request_id is 'The cron run that checked (follow it in the logs).';

comment on table public.health_incidents is
  'A component of a tenant that broke: opened once (one alert), reminded daily while it lasts, resolved once (one recovery notice). At most one open per tenant and component.';
comment on column public.health_incidents.id is 'The incident (alerts'' send keys carry it).';
comment on column public.health_incidents.tenant_id is 'The tenant.';
comment on column public.health_incidents.component is 'crm (EspoCRM unreachable, refused or misconfigured), whatsapp (the Green-API instance not authorised or unreachable), messages (failures, dead letters, replies stuck).';
comment on column public.health_incidents.opened_at is 'When a check first found it.';
comment on column public.health_incidents.resolved_at is 'When a check found it cleared (NULL: open).';
comment on column public.health_incidents.reopened is 'How often it came back within an hour of its recovery (the same incident: no new alert).';
comment on column public.health_incidents.reminders is 'Daily reminders sent while it lasted.';
comment on column public.health_incidents.last_reminded_at is 'When the last reminder went.';
comment on column public.health_incidents.detail is 'What the failing check said (no secrets).';

comment on table public.operator_alerts is
  'Alerts for the operator''s channel (ALERT_WEBHOOK_URL): WhatsApp down, or no tenant admin to tell. One per key, delivered and retried by the health runs.';
comment on column public.operator_alerts.id is 'The alert.';
comment on column public.operator_alerts.alert_key is 'health:<incident>:<kind>[:<n>]: the same alert is never recorded twice.';
comment on column public.operator_alerts.tenant_id is 'The tenant.';
comment on column public.operator_alerts.incident_id is 'The incident it is about.';
comment on column public.operator_alerts.kind is 'opened, reminder or resolved.';
comment on column public.operator_alerts.payload is 'The JSON posted to the webhook (text, tenant, component, incident).';
comment on column public.operator_alerts.status is 'pending, sending (a run took it), sent, or failed (gave up after 10 attempts).';
comment on column public.operator_alerts.next_attempt_at is 'When it may be taken (again): a run that took it and died gives it back after two minutes.';
comment on column public.operator_alerts.attempts is 'Delivery attempts so far.';
comment on column public.operator_alerts.last_error is 'Why the last attempt failed.';
comment on column public.operator_alerts.created_at is 'When it was recorded.';
comment on column public.operator_alerts.sent_at is 'When the webhook accepted it.';

comment on view public.tenant_health_overview is
  'Each tenant''s last health check and its open incidents (operators: the dashboard).';
comment on column public.tenant_health_overview.tenant_id is 'The tenant.';
comment on column public.tenant_health_overview.name is 'Its name.';
comment on column public.tenant_health_overview.tenant_status is 'onboarding, active or disabled.';
comment on column public.tenant_health_overview.health is 'ok, degraded or down (NULL: never checked; only active tenants are).';
comment on column public.tenant_health_overview.checked_at is 'When it was last checked.';
comment on column public.tenant_health_overview.crm is 'What the CRM checks said.';
comment on column public.tenant_health_overview.whatsapp is 'What the Green-API instance said.';
comment on column public.tenant_health_overview.messages_last_hour is 'Messages in the hour before the check.';
comment on column public.tenant_health_overview.failed_last_hour is 'Of those, failed or dead.';
comment on column public.tenant_health_overview.dead_letters_last_hour is 'Dead letters in that hour.';
comment on column public.tenant_health_overview.outbox_backlog is 'Replies stuck for over 5 minutes.';
comment on column public.tenant_health_overview.open_incidents is 'Components with an open incident.';
comment on column public.tenant_health_overview.incident_since is 'Since when the oldest open incident lasts.';
