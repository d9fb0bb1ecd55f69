-- Running MAX as a service, part 1: the operator's side. Operators reach MAX through the Worker's
-- /api/admin/… with a key of their own (never the agent's secret): stored hashed, scoped to what it
-- may do and, optionally, to some tenants, revocable. Every call is audited here, and a create that
-- is retried with the same Idempotency-Key answers what the first one answered.
-- Nothing here is a person's (anon, authenticated) nor the agent's units' (max_agent): the agent
-- function and the tenant CLI run these as the database owner; service_role (the dashboard) reads.

-- A tenant's life: onboarding (created, checks not yet passed) → active ⇄ disabled → deleted (a
-- tombstone kept only while audit rows younger than the legal retention refer to it).
alter table public.tenants drop constraint tenants_status_check;
alter table public.tenants
  add constraint tenants_status_check check (status in ('onboarding', 'active', 'disabled', 'deleted')),
  add column deletion_requested_at timestamptz,
  add column purge_after timestamptz,
  -- A deleted tenant frees its Green-API instance for another tenant.
  alter column green_api_instance_id drop not null,
  add constraint tenants_instance_unless_deleted check (status = 'deleted' or green_api_instance_id is not null),
  add constraint tenants_purge_needs_request check (purge_after is null or deletion_requested_at is not null);

-- Operator keys -----------------------------------------------------------------------------------

create table public.operator_keys (
  -- The public part of the key (mxop_<id>_<secret>): how a presented key is found.
  id text primary key check (id ~ '^[0-9a-f]{12}$'),
  name text not null check (length(name) between 1 and 100),
  -- SHA-256 of the whole key (256 random bits: no slow hash needed); the key itself is never stored.
  key_hash text not null check (key_hash ~ '^[0-9a-f]{64}$'),
  scopes text[] not null check (
    cardinality(scopes) > 0
    and scopes <@ array['tenants:read', 'tenants:write', 'secrets:write', 'checks:run', 'usage:read',
                        'data:export', 'data:erase']::text[]),
  -- NULL: every tenant; else only these (and it cannot create tenants outside them).
  tenant_ids text[] check (tenant_ids is null or cardinality(tenant_ids) > 0),
  created_at timestamptz not null default now(),
  created_by text not null,
  revoked_at timestamptz,
  last_used_at timestamptz
);

-- Every operator call (API and CLI), accepted or refused: who, what, on which tenant, how it ended.
create table public.operator_audit (
  id bigint generated always as identity primary key,
  at timestamptz not null default now(),
  via text not null check (via in ('api', 'cli', 'cron')),
  -- key:<id> (API), cli:<user> (tenant CLI), cron (scheduled maintenance); a refused key: key:?.
  actor text not null check (length(actor) between 1 and 100),
  action text not null check (action ~ '^[a-z][a-z_.-]{1,60}$'),
  tenant_id text,
  result text not null check (result in ('ok', 'error', 'denied')),
  status integer,
  request_id text,
  -- Names, counts and error codes only: never a secret, a message or a phone number.
  detail jsonb
);
create index operator_audit_tenant_idx on public.operator_audit (tenant_id, at desc);
create index operator_audit_at_idx on public.operator_audit (at);

-- Creates retried with the same Idempotency-Key: the first answer, replayed (kept a day).
create table public.operator_requests (
  actor text not null,
  idempotency_key text not null check (length(idempotency_key) between 1 and 200),
  action text not null,
  -- SHA-256 of the action and its input: the same key with another input is refused.
  request_digest text not null,
  -- NULL while the first request is running.
  status integer,
  response jsonb,
  created_at timestamptz not null default now(),
  primary key (actor, idempotency_key)
);
create index operator_requests_created_idx on public.operator_requests (created_at);

do $$
declare t text;
begin
  foreach t in array array['operator_keys', 'operator_audit', 'operator_requests'] loop
    execute format('alter table public.%I enable row level security', t);
    execute format('alter table public.%I force row level security', t);
    execute format('revoke all on table public.%I from public, anon, authenticated, max_agent, service_role', t);
  end loop;
end
$$;
-- The dashboard's REST role reads them (never writes: keys are made with npm run tenant).
grant select (id, name, scopes, tenant_ids, created_at, created_by, revoked_at, last_used_at)
  on public.operator_keys to service_role;
grant select on public.operator_audit, public.operator_requests to service_role;
create policy operator_read on public.operator_keys for select to service_role using (true);
create policy operator_read on public.operator_audit for select to service_role using (true);
create policy operator_read on public.operator_requests for select to service_role using (true);

-- The operator audit is append-only like max_logs; rows past the legal retention are removed only
-- by the purge (public.max_purge_audit, a later migration), which says so for its transaction.
create function public.operator_audit_append_only() returns trigger
language plpgsql as $$
begin
  if tg_op = 'DELETE' and old.at < nullif(current_setting('max.audit_purge_before', true), '')::timestamptz then
    return old;
  end if;
  raise exception 'operator_audit is append-only (% refused)', tg_op using errcode = 'insufficient_privilege';
end
$$;
revoke execute on function public.operator_audit_append_only() from public, max_agent, service_role;
create trigger operator_audit_no_update before update or delete on public.operator_audit
  for each row execute function public.operator_audit_append_only();
create trigger operator_audit_no_truncate before truncate on public.operator_audit
  for each statement execute function public.operator_audit_append_only();

-- Comments ----------------------------------------------------------------------------------------

comment on column public.tenants.status is
  'onboarding (created, its checks have not passed yet: MAX answers nothing), active, disabled (MAX answers nothing and the web chat refuses), deleted (a tombstone kept while audit rows within the legal retention refer to it).';
comment on column public.tenants.deletion_requested_at is 'When an operator asked for the tenant to be deleted (npm run tenant -- delete, DELETE /api/admin/tenants/:id).';
comment on column public.tenants.purge_after is 'When the grace period after a deletion request ends: the cron then removes every row MAX holds for the tenant.';

comment on table public.operator_keys is
  'Keys operators call /api/admin/... with: hashed, scoped, optionally limited to some tenants, revocable. Made and revoked with npm run tenant -- operator-key; the dashboard reads them (never the hash).';
comment on column public.operator_keys.id is 'The public part of the key (mxop_<id>_<secret>): how a presented key is found.';
comment on column public.operator_keys.name is 'What the key is for (who holds it).';
comment on column public.operator_keys.key_hash is 'SHA-256 (hex) of the whole key; the key itself is shown once, when made, and never stored.';
comment on column public.operator_keys.scopes is 'What it may do: tenants:read, tenants:write, secrets:write, checks:run, usage:read, data:export, data:erase.';
comment on column public.operator_keys.tenant_ids is 'The tenants it may act on (NULL: every tenant).';
comment on column public.operator_keys.created_at is 'When it was made.';
comment on column public.operator_keys.created_by is 'Who made it (cli:<user>).';
comment on column public.operator_keys.revoked_at is 'When it was revoked: from then on every call with it is refused (401).';
comment on column public.operator_keys.last_used_at is 'When it last authenticated a call.';

comment on table public.operator_audit is
  'Every operator call, through the API or the tenant CLI, accepted or refused: append-only; rows past the legal audit retention are purged by the cron.';
comment on column public.operator_audit.id is 'Order of the calls.';
comment on column public.operator_audit.at is 'When the call was made.';
comment on column public.operator_audit.via is 'api (/api/admin/...), cli (npm run tenant) or cron (scheduled maintenance: rotations ending, purges).';
comment on column public.operator_audit.actor is 'key:<operator key id>, cli:<os user> or cron; key:? for a key that was not recognised.';
comment on column public.operator_audit.action is 'What was asked (tenant.create, secret.set, tenant.activate, rotation.crm, ...).';
comment on column public.operator_audit.tenant_id is 'The tenant it was about, if any (kept after a deletion, as a slug).';
comment on column public.operator_audit.result is 'ok, error (it failed: see status and detail) or denied (key, scope or tenant refused).';
comment on column public.operator_audit.status is 'The HTTP status the call got (also for CLI calls, as the API would answer).';
comment on column public.operator_audit.request_id is 'The request id (follow it in the logs).';
comment on column public.operator_audit.detail is 'Names, counts and error codes only (never a secret value, a message or a phone number).';

comment on table public.operator_requests is
  'Idempotency of operator creates: the first answer to an Idempotency-Key, replayed to its retries for a day.';
comment on column public.operator_requests.actor is 'Whose key (key:<id>, cli:<user>): keys are per caller.';
comment on column public.operator_requests.idempotency_key is 'The Idempotency-Key the caller sent.';
comment on column public.operator_requests.action is 'The action it was for.';
comment on column public.operator_requests.request_digest is 'SHA-256 of the action and its input: the same key with another input is refused (422).';
comment on column public.operator_requests.status is 'The status of the first answer (NULL while it runs: a concurrent retry gets 409).';
comment on column public.operator_requests.response is 'The first answer''s body (never a secret: creates return none).';
comment on column public.operator_requests.created_at is 'When the first request came (rows older than a day are removed).';

comment on function public.operator_audit_append_only() is
  'Trigger: operator_audit is never updated or deleted, except rows older than the purge horizon the audit purge sets for its own transaction.';
