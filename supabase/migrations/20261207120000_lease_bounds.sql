-- The ordering and lease columns are the agent's alone (grants: only max_agent writes them), and
-- whoever writes, a value far in the future is refused: a message claimed "in ten years" would stay
-- inside the order horizon forever and hold every later message of its sender, and a lease of days
-- would keep a message from ever being taken over. The agent writes `now()` (claimed_at,
-- started_at) and leases of seconds; a minute of clock skew and ten minutes of lease are allowed.

create function public.inbound_messages_times_bounded() returns trigger
language plpgsql as $$
declare
  v_now timestamptz := clock_timestamp();
begin
  if new.claimed_at > v_now + interval '1 minute' then
    raise exception 'inbound_messages.claimed_at cannot be in the future' using errcode = 'check_violation';
  end if;
  if new.started_at > v_now + interval '1 minute' then
    raise exception 'inbound_messages.started_at cannot be in the future' using errcode = 'check_violation';
  end if;
  if new.lease_until > v_now + interval '10 minutes' then
    raise exception 'inbound_messages.lease_until cannot be more than 10 minutes ahead' using errcode = 'check_violation';
  end if;
  return new;
end
$$;
revoke execute on function public.inbound_messages_times_bounded() from public;

create trigger inbound_messages_times_bounded
  before insert or update of claimed_at, started_at, lease_until on public.inbound_messages
  for each row execute function public.inbound_messages_times_bounded();

-- Rows written before this migration: a claim in the future is brought back to now.
update public.inbound_messages set claimed_at = now() where claimed_at > now() + interval '1 minute';
update public.inbound_messages set started_at = now() where started_at > now() + interval '1 minute';
update public.inbound_messages set lease_until = now() where lease_until > now() + interval '10 minutes';
