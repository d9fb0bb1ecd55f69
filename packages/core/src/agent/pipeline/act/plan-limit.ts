import type { Sender, Tenant } from '../../../store/types.ts';

/**
 * Whether this turn is past a limit of the tenant's plan: the tenant reached one this UTC month, or
 * the sender is one user beyond the plan's (both written by the metering triggers in the statement
 * that loaded the turn), and no operator lifted the limits. Such a turn answers, but does not act:
 * reads run, writes get a clear "limit reached".
 */
export function pastPlanLimit(tenant: Tenant, sender: Sender | null, now: Date): boolean {
  const month = `${now.toISOString().slice(0, 7)}-01`;
  const lifted = tenant.limitsLiftedUntil ? Date.parse(tenant.limitsLiftedUntil) > now.getTime() : false;
  if (lifted) return false;
  return tenant.planBlockedMonth === month || sender?.planBlockedMonth === month;
}
