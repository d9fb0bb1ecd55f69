-- Running MAX as a service, part 5: a tenant's data, in and out. The audit (max_logs) stays
-- append-only, with exactly three sanctioned changes, each only for a transaction that names it
-- (as the database owner: nobody else may update or delete max_logs at all):
--   * the purge deletes rows older than the legal retention (max.audit_purge_before);
--   * a person's erasure replaces their WhatsApp id as actor by a pseudonym (max.erase_actor);
--   * a deleted tenant's retained rows let go of the messages they pointed at (max.purge_tenant).

create or replace function public.max_logs_append_only() returns trigger
language plpgsql as $$
declare
  v_before timestamptz := nullif(current_setting('max.audit_purge_before', true), '')::timestamptz;
  v_actor text := nullif(current_setting('max.erase_actor', true), '');
  v_tenant text := nullif(current_setting('max.purge_tenant', true), '');
begin
  if tg_op = 'DELETE' and v_before is not null and old.created_at < v_before then
    return old;
  end if;
  if tg_op = 'UPDATE' then
    -- Only the one column the sanctioned change is about may differ.
    if v_actor is not null and old.actor = v_actor and new.actor like 'erased:%'
       and (to_jsonb(new) - 'actor') = (to_jsonb(old) - 'actor') then
      return new;
    end if;
    if v_tenant is not null and old.tenant_id = v_tenant and new.message_id is null
       and (to_jsonb(new) - 'message_id') = (to_jsonb(old) - 'message_id') then
      return new;
    end if;
  end if;
  raise exception 'max_logs is append-only (% refused)', tg_op using errcode = 'insufficient_privilege';
end
$$;

comment on function public.max_logs_append_only() is
  'Trigger: max_logs is never updated, deleted or truncated, whoever asks — except the purge of rows past the legal retention, the pseudonymisation of an erased person''s WhatsApp id, and a deleted tenant''s rows letting go of its messages, each only in a transaction that sets its max.* setting (the owner''s operator functions).';
