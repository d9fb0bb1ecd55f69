import { AppError, isAppError } from '../shared/errors.ts';

/** What a constraint means for the operator, when a write breaks one. */
const CONSTRAINTS: Record<string, string> = {
  tenants_pkey: 'a tenant with this id exists',
  tenants_green_api_instance_id_key: 'this Green-API instance already belongs to a tenant',
  shared_mode_needs_field: 'shared mode needs a tenant field (crmTenantField)',
  tenants_default_country_check: 'defaultCountry is not a region MAX can read phone numbers in',
  whatsapp_senders_member_fkey: 'the user is not a member of this tenant (add the member first)',
  tenants_plan_id_fkey: 'no such plan',
};

/**
 * A database refusal as the operator's error: a broken unique key is a conflict, a broken check or
 * reference is a validation error naming the rule; anything else goes on as it is.
 */
export function operatorDbError(e: unknown): unknown {
  if (isAppError(e)) {
    const cause = e.cause as { code?: string; constraint_name?: string } | undefined;
    return cause?.code ? (fromSqlState(cause) ?? e) : e;
  }
  return fromSqlState(e as { code?: string; constraint_name?: string }) ?? e;
}

function fromSqlState(e: { code?: string; constraint_name?: string } | undefined): AppError | null {
  const name = e?.constraint_name ?? '';
  const what = CONSTRAINTS[name];
  if (e?.code === '23505')
    return new AppError('conflict', what ?? 'already exists', { details: { constraint: name } });
  if (e?.code === '23514' || e?.code === '23503' || e?.code === '23502')
    return new AppError('validation', what ?? `refused by rule ${name || e.code}`, {
      details: { constraint: name },
    });
  return null;
}
