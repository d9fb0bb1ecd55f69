-- Per-chat order and bursts: a message keeps what it said until its turn, and a message absorbed
-- into an earlier one's turn (a burst) points at it.
alter table public.inbound_messages
  add column content jsonb check (content is null or jsonb_typeof(content) = 'object'),
  add column merged_into uuid references public.inbound_messages (id);

alter table public.inbound_messages
  add constraint inbound_messages_merged_is_done check (merged_into is null or status = 'done');

grant update (content, merged_into) on public.inbound_messages to authenticated;

create index inbound_messages_open_chat_idx on public.inbound_messages (tenant_id, chat_id, wa_timestamp)
  where status in ('received', 'processing', 'failed');
