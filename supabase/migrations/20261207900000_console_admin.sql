-- The web console, second pass: what a tenant's owners and admins see of their plan, usage and
-- health, how they change their team, and the tenants a person of several may switch between.
-- Every function runs as the signed-in person (the console's Store.asPerson): definer where it
-- reads or writes past the person's grants, and then it checks the role in tenant_members itself,
-- takes the tenant from the verified claims only, and audits each change as `user:<id>`.

create function public.console_require_admin() returns text
language plpgsql stable security definer set search_path = '' as $$
declare
  v_role text := public.current_member_role();
begin
  if v_role is null or v_role not in ('owner', 'admin') then
    raise exception 'only an owner or admin of this tenant may do this' using errcode = 'insufficient_privilege';
  end if;
  return v_role;
end
$$;
comment on function public.console_require_admin() is
  'The caller''s role in the tenant of their claims when it is owner or admin; raises 42501 otherwise. Used by the console''s definer functions.';

-- The tenants a person belongs to (any role), for the console's tenant switcher. Definer: RLS shows a
-- person only the tenant their token carries; this lists their own memberships and nothing else.
create function public.my_tenants() returns table (tenant_id text, name text, role text, current boolean)
language sql stable security definer set search_path = '' as $$
  select m.tenant_id, t.name, m.role, m.tenant_id = public.current_tenant_id()
    from public.tenant_members m
    join public.tenants t on t.id = m.tenant_id
   where m.user_id = public.current_user_id() and t.status <> 'deleted'
   order by t.name, m.tenant_id
$$;
comment on function public.my_tenants() is
  'The tenants the caller (claims sub) is a member of: id, name, their role there, whether it is the one their token carries. For the console''s tenant switcher (then choose_tenant and a session refresh).';

-- Usage against the plan, for the month given (UTC), for owners and admins.
create function public.console_usage(p_month date) returns jsonb
language plpgsql stable security definer set search_path = '' as $$
declare
  v_tid text := public.current_tenant_id();
  v_month date := date_trunc('month', coalesce(p_month, now() at time zone 'utc'))::date;
  v_out jsonb;
begin
  perform public.console_require_admin();
  select jsonb_build_object(
           'month', to_char(v_month, 'YYYY-MM'),
           'plan', case when p.id is null then null
                        else jsonb_build_object('id', p.id, 'name', p.name, 'limits', p.limits) end,
           'limitsLiftedUntil', t.limits_lifted_until,
           'blockedMetric', case when t.plan_blocked_month = v_month then t.plan_blocked_metric end,
           'used', jsonb_build_object(
             'messages_in', coalesce(sum(u.messages_in), 0),
             'messages_out', coalesce(sum(u.messages_out), 0),
             'model_calls', coalesce(sum(u.model_calls), 0),
             'crm_calls', coalesce(sum(u.crm_calls), 0),
             'leads_created', coalesce(sum(u.leads_created), 0),
             'transcription_seconds', coalesce(sum(u.transcription_seconds), 0),
             'active_users', coalesce(sum(u.new_month_users), 0)))
    into v_out
    from public.tenants t
    left join public.plans p on p.id = t.plan_id
    left join public.tenant_usage u
      on u.tenant_id = t.id and u.day >= v_month and u.day < (v_month + interval '1 month')::date
   where t.id = v_tid
   group by t.id, p.id;
  return v_out;
end
$$;
comment on function public.console_usage(date) is
  'In: a month (any day of it; NULL: this UTC month). Out: jsonb {month, plan {id, name, limits} or null, limitsLiftedUntil, blockedMetric, used {messages_in, messages_out, model_calls, crm_calls, leads_created, transcription_seconds, active_users}} for the caller''s tenant. Owners and admins only (42501).';

-- The tenant's latest health check and its incidents (open first, then the last 20), for owners and admins.
create function public.console_health() returns jsonb
language plpgsql stable security definer set search_path = '' as $$
declare
  v_tid text := public.current_tenant_id();
begin
  perform public.console_require_admin();
  return jsonb_build_object(
    'current', (select jsonb_build_object(
                  'status', h.status, 'checkedAt', h.checked_at,
                  'crm', h.components -> 'crm' ->> 'detail', 'crmOk', (h.components -> 'crm' ->> 'ok')::boolean,
                  'whatsapp', h.components -> 'whatsapp' ->> 'detail',
                  'whatsappOk', (h.components -> 'whatsapp' ->> 'ok')::boolean,
                  'messagesLastHour', h.messages_last_hour, 'failedLastHour', h.failed_last_hour,
                  'deadLettersLastHour', h.dead_letters_last_hour, 'outboxBacklog', h.outbox_backlog)
                  from public.tenant_health h where h.tenant_id = v_tid),
    'incidents', coalesce((select jsonb_agg(i order by i.open desc, i."openedAt" desc) from (
                  select x.component, x.opened_at as "openedAt", x.resolved_at as "resolvedAt",
                         x.resolved_at is null as open, x.detail
                    from public.health_incidents x where x.tenant_id = v_tid
                   order by (x.resolved_at is null) desc, x.opened_at desc limit 20) i), '[]'::jsonb));
end
$$;
comment on function public.console_health() is
  'Out: jsonb {current {status, checkedAt, crm, crmOk, whatsapp, whatsappOk, messagesLastHour, failedLastHour, deadLettersLastHour, outboxBacklog} or null, incidents [{component, openedAt, resolvedAt, open, detail}]} for the caller''s tenant. Owners and admins only (42501).';

-- Team changes by the tenant's owners and admins ------------------------------------------------
-- A WhatsApp number (as a chat id: the console's API normalises the number in the tenant's country).
create function public.team_set_sender(p_chat_id text, p_role text, p_name text) returns jsonb
language plpgsql security definer set search_path = '' as $$
declare
  v_tid text := public.current_tenant_id();
begin
  perform public.console_require_admin();
  insert into public.whatsapp_senders (tenant_id, chat_id, role, display_name)
  values (v_tid, p_chat_id, p_role, nullif(trim(p_name), ''))
  on conflict (tenant_id, chat_id) do update
    set role = excluded.role, display_name = coalesce(excluded.display_name, public.whatsapp_senders.display_name);
  insert into public.max_logs (tenant_id, actor, action, target_entity, result, detail)
  values (v_tid, 'user:' || public.current_user_id(), 'team.sender_set', 'WhatsAppSender', 'ok',
          jsonb_build_object('via', 'console', 'role', p_role));
  return jsonb_build_object('chatId', p_chat_id, 'role', p_role);
end
$$;
comment on function public.team_set_sender(text, text, text) is
  'In: a chat id (digits@c.us), a role (admin, member), a display name (optional). Out: jsonb {chatId, role}. Adds or changes a WhatsApp number of the caller''s tenant; owners and admins only (42501); audited (team.sender_set, no number in the log).';

create function public.team_remove_sender(p_chat_id text) returns boolean
language plpgsql security definer set search_path = '' as $$
declare
  v_tid text := public.current_tenant_id();
  v_n integer;
begin
  perform public.console_require_admin();
  delete from public.whatsapp_senders where tenant_id = v_tid and chat_id = p_chat_id;
  get diagnostics v_n = row_count;
  if v_n > 0 then
    insert into public.max_logs (tenant_id, actor, action, target_entity, result, detail)
    values (v_tid, 'user:' || public.current_user_id(), 'team.sender_remove', 'WhatsAppSender', 'ok',
            jsonb_build_object('via', 'console'));
  end if;
  return v_n > 0;
end
$$;
comment on function public.team_remove_sender(text) is
  'In: a chat id. Out: whether a WhatsApp number of the caller''s tenant was removed (MAX stops answering it at once). Owners and admins only (42501); audited (team.sender_remove).';

-- A web member. Only an owner grants, changes or removes the owner role; nobody changes their own
-- role or removes themselves (a tenant is never left without the person who manages it).
create function public.team_set_member(p_user uuid, p_role text) returns jsonb
language plpgsql security definer set search_path = '' as $$
declare
  v_tid text := public.current_tenant_id();
  v_me text := public.console_require_admin();
  v_was text;
begin
  if p_user = public.current_user_id() then
    raise exception 'nobody changes their own role' using errcode = 'insufficient_privilege';
  end if;
  select role into v_was from public.tenant_members where tenant_id = v_tid and user_id = p_user;
  if v_me <> 'owner' and (p_role = 'owner' or v_was = 'owner') then
    raise exception 'only an owner grants or changes the owner role' using errcode = 'insufficient_privilege';
  end if;
  insert into public.tenant_members (tenant_id, user_id, role) values (v_tid, p_user, p_role)
  on conflict (tenant_id, user_id) do update set role = excluded.role;
  insert into public.max_logs (tenant_id, actor, action, target_entity, target_id, result, detail)
  values (v_tid, 'user:' || public.current_user_id(), 'team.member_set', 'TenantMember', p_user::text, 'ok',
          jsonb_build_object('via', 'console', 'role', p_role, 'was', v_was));
  return jsonb_build_object('userId', p_user, 'role', p_role, 'was', v_was);
end
$$;
comment on function public.team_set_member(uuid, text) is
  'In: a Supabase Auth user id and a role (owner, admin, member, viewer). Out: jsonb {userId, role, was}. Adds or changes a web member of the caller''s tenant; owners and admins only, the owner role by owners only, never one''s own (42501); audited (team.member_set).';

create function public.team_remove_member(p_user uuid) returns boolean
language plpgsql security definer set search_path = '' as $$
declare
  v_tid text := public.current_tenant_id();
  v_me text := public.console_require_admin();
  v_was text;
begin
  if p_user = public.current_user_id() then
    raise exception 'nobody removes themselves' using errcode = 'insufficient_privilege';
  end if;
  select role into v_was from public.tenant_members where tenant_id = v_tid and user_id = p_user;
  if v_was is null then
    return false;
  end if;
  if v_me <> 'owner' and v_was = 'owner' then
    raise exception 'only an owner removes an owner' using errcode = 'insufficient_privilege';
  end if;
  -- Their access ends with this row: every request runs as the person under RLS, which asks
  -- tenant_members as it is now (their token still names the tenant until it expires: refused).
  delete from public.tenant_members where tenant_id = v_tid and user_id = p_user;
  update public.whatsapp_senders set user_id = null where tenant_id = v_tid and user_id = p_user;
  insert into public.max_logs (tenant_id, actor, action, target_entity, target_id, result, detail)
  values (v_tid, 'user:' || public.current_user_id(), 'team.member_remove', 'TenantMember', p_user::text, 'ok',
          jsonb_build_object('via', 'console', 'was', v_was));
  return true;
end
$$;
comment on function public.team_remove_member(uuid) is
  'In: a Supabase Auth user id. Out: whether they were a web member of the caller''s tenant and are no longer (their next request is refused). Owners and admins only, an owner by owners only, never oneself (42501); audited (team.member_remove).';

revoke execute on function public.console_require_admin(), public.my_tenants(), public.console_usage(date),
  public.console_health(), public.team_set_sender(text, text, text), public.team_remove_sender(text),
  public.team_set_member(uuid, text), public.team_remove_member(uuid)
  from public, anon, max_agent, service_role;
grant execute on function public.my_tenants(), public.console_usage(date), public.console_health(),
  public.team_set_sender(text, text, text), public.team_remove_sender(text),
  public.team_set_member(uuid, text), public.team_remove_member(uuid)
  to authenticated;
