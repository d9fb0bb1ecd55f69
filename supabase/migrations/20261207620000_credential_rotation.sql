-- Running MAX as a service, part 3: rotating a tenant's CRM API key / HMAC secret or Green-API token
-- without downtime. The new credential is staged as next_<name> in tenant_secrets, validated against
-- the service, then switched in: the current one becomes prev_<name>, which the agent tries when the
-- new one is refused, until the grace period ends and the cron drops it. Each step is a row of
-- max_logs (action credential_rotation); this table is the rotation's state.

create table public.credential_rotations (
  id uuid primary key default gen_random_uuid(),
  tenant_id text not null references public.tenants (id) on delete cascade,
  service text not null check (service in ('crm', 'greenapi')),
  state text not null check (state in ('validating', 'refused', 'grace', 'done')),
  started_at timestamptz not null default now(),
  switched_at timestamptz,
  grace_until timestamptz,
  finished_at timestamptz,
  actor text not null,
  -- Why a candidate was refused (the check's words; never the credential).
  detail text,
  check (state <> 'grace' or grace_until is not null)
);
-- One rotation at a time per tenant and service.
create unique index credential_rotations_running_idx on public.credential_rotations (tenant_id, service)
  where state in ('validating', 'grace');
create index credential_rotations_grace_idx on public.credential_rotations (grace_until) where state = 'grace';

alter table public.credential_rotations enable row level security;
alter table public.credential_rotations force row level security;
revoke all on table public.credential_rotations from public, anon, authenticated, max_agent, service_role;
grant select on table public.credential_rotations to service_role;
create policy operator_read on public.credential_rotations for select to service_role using (true);

comment on table public.credential_rotations is
  'Rotations of a tenant''s CRM API key / HMAC secret or Green-API token: validating, refused (the service refused the new one: nothing changed), grace (switched; the previous one is still tried when the new one is refused), done (the previous one dropped). Written by the agent and the tenant CLI as the owner.';
comment on column public.credential_rotations.id is 'The rotation (its max_logs rows carry it).';
comment on column public.credential_rotations.tenant_id is 'The tenant.';
comment on column public.credential_rotations.service is 'crm (crm_api_key, crm_hmac_secret) or greenapi (greenapi_token).';
comment on column public.credential_rotations.state is 'validating, refused, grace or done.';
comment on column public.credential_rotations.started_at is 'When the new credential was staged.';
comment on column public.credential_rotations.switched_at is 'When MAX switched to it.';
comment on column public.credential_rotations.grace_until is 'Until when the previous credential stays a fallback.';
comment on column public.credential_rotations.finished_at is 'When it was refused, or the previous credential dropped.';
comment on column public.credential_rotations.actor is 'Who rotated (key:<id>, cli:<user>).';
comment on column public.credential_rotations.detail is 'Why the service refused the candidate (never the credential itself).';
