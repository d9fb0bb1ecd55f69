-- References between tenant rows carry the tenant, and the tenant resolver trusts only the claims
-- set per transaction.
--
-- A foreign key is checked past RLS: with single-column references a tenant could point its own
-- rows (tool_calls.message_id, outbox.message_id, max_logs.message_id, inbound_messages.merged_into)
-- at another tenant's message id and learn from success or failure whether that id exists.
-- Composite keys (tenant_id, id) make every such reference stay inside its tenant.

alter table public.inbound_messages
  add constraint inbound_messages_tenant_id_id_key unique (tenant_id, id);

alter table public.tool_calls
  drop constraint tool_calls_message_id_fkey,
  add constraint tool_calls_message_fkey foreign key (tenant_id, message_id)
    references public.inbound_messages (tenant_id, id) on delete cascade;

alter table public.max_logs
  drop constraint max_logs_message_id_fkey,
  add constraint max_logs_message_fkey foreign key (tenant_id, message_id)
    references public.inbound_messages (tenant_id, id);

alter table public.outbox
  drop constraint outbox_message_id_fkey,
  add constraint outbox_message_fkey foreign key (tenant_id, message_id)
    references public.inbound_messages (tenant_id, id) on delete set null (message_id);

alter table public.inbound_messages
  drop constraint inbound_messages_merged_into_fkey,
  add constraint inbound_messages_merged_fkey foreign key (tenant_id, merged_into)
    references public.inbound_messages (tenant_id, id);

-- Only `request.jwt.claims`, which the store (and PostgREST) set locally in each transaction.
-- The legacy `request.jwt.claim` / `request.jwt.claim.*` settings that auth.jwt() also reads can be
-- left on a connection at session level by anyone who holds it; they must not choose the tenant.
create or replace function public.current_tenant_id() returns text
language sql stable as $$
  select nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'tenant_id'
$$;
