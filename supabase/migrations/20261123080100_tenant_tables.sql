-- MAX's tenant data. Every tenant table: tenant_id text not null (no default) referencing
-- tenants, RLS enabled AND forced, policies on the caller's tenant claim.

create table public.tenants (
  id text primary key check (id ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
  name text not null check (length(name) between 1 and 200),
  status text not null default 'active' check (status in ('active', 'disabled')),
  locale text not null default 'fr' check (locale in ('fr', 'en')),
  timezone text not null default 'Europe/Paris',
  default_country text not null default 'FR' check (default_country ~ '^[A-Z]{2}$'),
  green_api_instance_id text not null unique check (green_api_instance_id ~ '^[0-9]{4,20}$'),
  green_api_url text not null check (green_api_url ~ '^https?://'),
  crm_mode text not null default 'dedicated' check (crm_mode in ('dedicated', 'shared')),
  crm_base_url text not null check (crm_base_url ~ '^https?://'),
  crm_auth_mode text not null default 'apikey' check (crm_auth_mode in ('apikey', 'hmac', 'basic')),
  crm_tenant_field text check (crm_tenant_field ~ '^[a-zA-Z][a-zA-Z0-9]{0,62}$'),
  llm_base_url text check (llm_base_url ~ '^https?://'),
  llm_model text,
  human_pause_minutes integer not null default 30 check (human_pause_minutes between 0 and 1440),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- Shared mode without a tenant field would mix tenants in one CRM: unrepresentable.
  constraint shared_mode_needs_field check (crm_mode = 'dedicated' or crm_tenant_field is not null)
);

create table public.tenant_secrets (
  tenant_id text not null references public.tenants (id) on delete cascade,
  name text not null check (name ~ '^[a-z][a-z0-9_]{1,62}$'),
  key_id text not null check (length(key_id) between 1 and 64),
  -- AES-256-GCM envelope (see packages/core/src/secrets); never plaintext.
  ciphertext text not null check (ciphertext like 'v1.%'),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, name)
);

create table public.tenant_members (
  tenant_id text not null references public.tenants (id) on delete cascade,
  user_id uuid not null,
  role text not null check (role in ('owner', 'admin', 'member', 'viewer')),
  created_at timestamptz not null default now(),
  primary key (tenant_id, user_id)
);
create index tenant_members_user_idx on public.tenant_members (user_id);

create table public.whatsapp_senders (
  tenant_id text not null references public.tenants (id) on delete cascade,
  chat_id text not null check (chat_id ~ '^[0-9]{5,20}@c\.us$'),
  role text not null check (role in ('admin', 'member')),
  display_name text,
  opted_out boolean not null default false,
  created_at timestamptz not null default now(),
  primary key (tenant_id, chat_id)
);

create table public.inbound_messages (
  id uuid primary key default gen_random_uuid(),
  tenant_id text not null references public.tenants (id) on delete cascade,
  id_message text not null check (length(id_message) between 1 and 128),
  chat_id text not null,
  type_message text not null,
  wa_timestamp bigint not null default 0,
  request_id text,
  status text not null check (status in ('received', 'processing', 'done', 'failed', 'throttled', 'ignored')),
  attempts integer not null default 1 check (attempts >= 0),
  lease_until timestamptz,
  error text,
  received_at timestamptz not null default now(),
  processed_at timestamptz,
  -- The idempotency anchor: one row per WhatsApp message and tenant.
  constraint inbound_messages_once unique (tenant_id, id_message)
);
create index inbound_messages_chat_idx on public.inbound_messages (tenant_id, chat_id, wa_timestamp);
create index inbound_messages_status_idx on public.inbound_messages (tenant_id, status, received_at desc);

create table public.sessions (
  tenant_id text not null references public.tenants (id) on delete cascade,
  chat_id text not null,
  turns jsonb not null default '[]'::jsonb check (jsonb_typeof(turns) = 'array' and jsonb_array_length(turns) <= 40),
  focus jsonb check (focus is null or jsonb_typeof(focus) = 'object'),
  paused_until timestamptz,
  updated_at timestamptz not null default now(),
  primary key (tenant_id, chat_id)
);

create table public.tenant_memory (
  tenant_id text not null references public.tenants (id) on delete cascade,
  key text not null check (length(key) between 1 and 100),
  value text not null check (length(value) <= 4000),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, key)
);

create table public.pending_actions (
  id uuid primary key default gen_random_uuid(),
  tenant_id text not null references public.tenants (id) on delete cascade,
  chat_id text not null,
  tool text not null,
  args jsonb not null,
  args_digest text not null,
  expires_at timestamptz not null,
  consumed_at timestamptz,
  created_at timestamptz not null default now(),
  check (expires_at > created_at)
);
create index pending_actions_chat_idx on public.pending_actions (tenant_id, chat_id, created_at desc) where consumed_at is null;

create table public.tool_calls (
  tenant_id text not null references public.tenants (id) on delete cascade,
  message_id uuid not null references public.inbound_messages (id) on delete cascade,
  call_index integer not null check (call_index between 0 and 999),
  tool text not null,
  args_digest text not null,
  ok boolean not null,
  result jsonb not null,
  created_at timestamptz not null default now(),
  -- A tool call's stored result: a redelivered message reuses it instead of calling the CRM again.
  primary key (tenant_id, message_id, call_index)
);
create index tool_calls_message_idx on public.tool_calls (message_id);

create table public.max_logs (
  id bigint generated always as identity primary key,
  tenant_id text not null references public.tenants (id) on delete restrict,
  -- No cascading action: an audit row is never rewritten, not even by a foreign key.
  message_id uuid references public.inbound_messages (id),
  actor text not null,
  action text not null,
  target_entity text,
  target_id text,
  args_digest text,
  result text not null check (result in ('ok', 'error', 'denied', 'pending_confirmation', 'reused')),
  latency_ms integer not null default 0 check (latency_ms >= 0),
  detail jsonb,
  created_at timestamptz not null default now()
);
create index max_logs_tenant_time_idx on public.max_logs (tenant_id, created_at desc);
create index max_logs_message_idx on public.max_logs (message_id);

create table public.outbox (
  id uuid primary key default gen_random_uuid(),
  tenant_id text not null references public.tenants (id) on delete cascade,
  message_id uuid references public.inbound_messages (id) on delete set null,
  chat_id text not null,
  body text not null check (length(body) between 1 and 20000),
  quoted_message_id text,
  send_key text not null,
  status text not null default 'pending' check (status in ('pending', 'sending', 'sent', 'failed')),
  attempts integer not null default 0 check (attempts >= 0),
  next_attempt_at timestamptz not null default now(),
  provider_message_id text,
  last_error text,
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  constraint outbox_send_once unique (tenant_id, send_key),
  check (status <> 'sent' or provider_message_id is not null)
);
create index outbox_due_idx on public.outbox (tenant_id, next_attempt_at) where status in ('pending', 'sending');
create index outbox_message_idx on public.outbox (message_id);
