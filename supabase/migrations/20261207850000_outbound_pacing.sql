-- Messages MAX sends on its own initiative to a tenant's leads and contacts (not replies to the team):
-- paced and capped per tenant, because Green-API drives a personal WhatsApp account that WhatsApp
-- may ban when it writes too much to people who did not write first. One ledger row per send key
-- (the message id and call that asked for the send): a retry of the same send is the same row and is
-- never counted twice. The team list gives the lead-reply path whom to notify.

create table public.outbound_pacing (
  tenant_id text primary key references public.tenants (id) on delete cascade,
  daily_cap integer not null default 30 check (daily_cap between 0 and 1000),
  spacing_seconds integer not null default 20 check (spacing_seconds between 0 and 3600),
  day date,
  sent_that_day integer not null default 0 check (sent_that_day >= 0),
  last_sent_at timestamptz
);

create table public.outbound_sends (
  tenant_id text not null references public.tenants (id) on delete cascade,
  send_key text not null check (length(send_key) between 1 and 200),
  chat_id text not null check (chat_id ~ '^[0-9]{5,20}@c\.us$'),
  reserved_at timestamptz not null default now(),
  primary key (tenant_id, send_key)
);

alter table public.outbound_pacing enable row level security;
alter table public.outbound_pacing force row level security;
alter table public.outbound_sends enable row level security;
alter table public.outbound_sends force row level security;
revoke all on table public.outbound_pacing, public.outbound_sends from public, anon, authenticated, max_agent, service_role;
grant select, insert, update (day, sent_that_day, last_sent_at) on public.outbound_pacing to max_agent;
grant select, insert on public.outbound_sends to max_agent;
grant select, insert, update, delete on public.outbound_pacing, public.outbound_sends to service_role;
create policy agent_tenant on public.outbound_pacing for all to max_agent
  using (tenant_id = public.current_tenant_id()) with check (tenant_id = public.current_tenant_id());
create policy agent_tenant on public.outbound_sends for all to max_agent
  using (tenant_id = public.current_tenant_id()) with check (tenant_id = public.current_tenant_id());
create policy operator_all on public.outbound_pacing for all to service_role using (true) with check (true);
create policy operator_all on public.outbound_sends for all to service_role using (true) with check (true);

-- Reserves one outbound send: the same key again is the same send (ok, not counted again); else the
-- tenant's daily cap (its calendar day) and the spacing since its last send decide.
create or replace function public.max_reserve_outbound(p_tenant text, p_key text, p_chat text)
returns jsonb language plpgsql as $$
declare
  v_tz text;
  v_today date;
  v_p public.outbound_pacing;
  v_sent integer;
  v_wait_ms bigint;
begin
  perform public.max_enter(p_tenant);
  if exists (select 1 from public.outbound_sends s where s.tenant_id = p_tenant and s.send_key = p_key) then
    return jsonb_build_object('ok', true, 'again', true);
  end if;
  select coalesce(t.timezone, 'UTC') into v_tz from public.tenants t where t.id = p_tenant;
  v_today := (now() at time zone v_tz)::date;
  insert into public.outbound_pacing (tenant_id) values (p_tenant) on conflict (tenant_id) do nothing;
  select * into v_p from public.outbound_pacing where tenant_id = p_tenant for update;
  v_sent := case when v_p.day = v_today then v_p.sent_that_day else 0 end;
  if v_sent >= v_p.daily_cap then
    return jsonb_build_object('ok', false, 'reason', 'daily_cap', 'cap', v_p.daily_cap, 'sentToday', v_sent);
  end if;
  if v_p.last_sent_at is not null and v_p.last_sent_at + make_interval(secs => v_p.spacing_seconds) > now() then
    v_wait_ms := ceil(extract(epoch from (v_p.last_sent_at + make_interval(secs => v_p.spacing_seconds) - now())) * 1000);
    return jsonb_build_object('ok', false, 'reason', 'spacing', 'retryAfterMs', v_wait_ms,
                              'spacingSeconds', v_p.spacing_seconds);
  end if;
  update public.outbound_pacing set day = v_today, sent_that_day = v_sent + 1, last_sent_at = now()
   where tenant_id = p_tenant;
  insert into public.outbound_sends (tenant_id, send_key, chat_id) values (p_tenant, p_key, p_chat);
  return jsonb_build_object('ok', true, 'again', false, 'sentToday', v_sent + 1, 'cap', v_p.daily_cap);
end
$$;

-- The tenant's team on WhatsApp (who to tell when a lead writes in).
create or replace function public.max_team_chats(p_tenant text)
returns jsonb language plpgsql as $$
begin
  perform public.max_enter(p_tenant);
  return coalesce((select jsonb_agg(jsonb_build_object('chatId', w.chat_id, 'role', w.role) order by w.chat_id)
                     from public.whatsapp_senders w
                    where w.tenant_id = p_tenant and not w.opted_out), '[]'::jsonb);
end
$$;

revoke all on function public.max_reserve_outbound(text, text, text) from public, anon, authenticated;
revoke all on function public.max_team_chats(text) from public, anon, authenticated;
grant execute on function public.max_reserve_outbound(text, text, text) to service_role;
grant execute on function public.max_team_chats(text) to service_role;

comment on table public.outbound_pacing is
  'Per tenant: how many messages MAX may send on its own initiative to leads and contacts per day (its calendar day) and how far apart; an operator changes daily_cap / spacing_seconds per tenant (0 turns outbound off).';
comment on column public.outbound_pacing.tenant_id is 'The tenant.';
comment on column public.outbound_pacing.daily_cap is 'At most this many outbound sends per tenant day (default 30; 0: outbound off).';
comment on column public.outbound_pacing.spacing_seconds is 'At least this many seconds between two outbound sends (default 20).';
comment on column public.outbound_pacing.day is 'The tenant day sent_that_day counts.';
comment on column public.outbound_pacing.sent_that_day is 'Outbound sends reserved on that day.';
comment on column public.outbound_pacing.last_sent_at is 'When the latest outbound send was reserved.';
comment on table public.outbound_sends is 'One row per outbound send MAX reserved (its key: the message and call that asked for it): a retry is the same row.';
comment on column public.outbound_sends.tenant_id is 'The tenant.';
comment on column public.outbound_sends.send_key is 'The send''s idempotency key (message id and call index, or a scheduled item''s key).';
comment on column public.outbound_sends.chat_id is 'The recipient''s WhatsApp chat id.';
comment on column public.outbound_sends.reserved_at is 'When the send was reserved.';
comment on function public.max_reserve_outbound(text, text, text) is
  'Reserve one outbound send to a lead or contact under the tenant''s daily cap and spacing. In: tenant, send key, chat id. Out: {"ok": true, "again", "sentToday", "cap"} | {"ok": false, "reason": daily_cap | spacing, "retryAfterMs", "cap", "sentToday"}.';
comment on function public.max_team_chats(text) is
  'The tenant''s WhatsApp team (senders not opted out). In: the tenant id. Out: [{"chatId", "role"}].';
