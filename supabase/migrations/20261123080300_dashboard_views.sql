-- Views for the Supabase dashboard. security_invoker: the caller's RLS applies, so a tenant
-- user sees its own figures and an operator (service role) sees every tenant.

create view public.tenant_activity_daily with (security_invoker = true) as
select m.tenant_id,
       date_trunc('day', m.received_at)::date as day,
       count(*) as messages,
       count(*) filter (where m.status = 'done') as done,
       count(*) filter (where m.status = 'failed') as failed,
       count(*) filter (where m.status = 'throttled') as throttled,
       count(*) filter (where m.attempts > 1) as retried
from public.inbound_messages m
group by m.tenant_id, date_trunc('day', m.received_at);

create view public.recent_failures with (security_invoker = true) as
select 'message' as kind, m.tenant_id, m.received_at as at, m.id_message as ref, m.error as detail, m.attempts
from public.inbound_messages m
where m.status = 'failed' and m.received_at > now() - interval '7 days'
union all
select 'tool' as kind, l.tenant_id, l.created_at as at, l.action as ref, l.detail ->> 'outcome' as detail, null
from public.max_logs l
where l.result = 'error' and l.created_at > now() - interval '7 days'
union all
select 'outbox' as kind, o.tenant_id, o.created_at as at, o.send_key as ref, o.last_error as detail, o.attempts
from public.outbox o
where o.status = 'failed' or (o.status <> 'sent' and o.attempts > 2);

create view public.message_latency with (security_invoker = true) as
select m.tenant_id,
       date_trunc('day', m.received_at)::date as day,
       count(*) as messages,
       round(percentile_cont(0.5) within group (order by extract(epoch from m.processed_at - m.received_at) * 1000)::numeric, 1) as p50_ms,
       round(percentile_cont(0.95) within group (order by extract(epoch from m.processed_at - m.received_at) * 1000)::numeric, 1) as p95_ms,
       round(percentile_cont(0.99) within group (order by extract(epoch from m.processed_at - m.received_at) * 1000)::numeric, 1) as p99_ms
from public.inbound_messages m
where m.processed_at is not null
group by m.tenant_id, date_trunc('day', m.received_at);

create view public.leads_created with (security_invoker = true) as
select l.tenant_id,
       count(*) as leads_created,
       max(l.created_at) as last_created_at
from public.max_logs l
-- 'reused' rows (a redelivery replaying a stored result) are not counted twice.
where l.action = 'create_lead' and l.result = 'ok'
group by l.tenant_id;

revoke all on public.tenant_activity_daily, public.recent_failures, public.message_latency, public.leads_created
  from public, anon;
grant select on public.tenant_activity_daily, public.recent_failures, public.message_latency, public.leads_created
  to authenticated, service_role;
