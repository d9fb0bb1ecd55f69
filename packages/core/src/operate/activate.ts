import { AppError } from '../shared/errors.ts';
import { type CheckReport, checkTenant, tenantLocaleLine } from './checks.ts';
import { crmLocaleSetBefore } from './crm-locale.ts';
import type { Actor, OperateDeps } from './deps.ts';
import type { TenantView } from './tenant-view.ts';
import { tenantView } from './tenant-view.ts';
import { assertTenantAllowed, mustReadTenant } from './tenants.ts';

/**
 * The last step of onboarding (and of enabling a disabled tenant): its checks must pass, then it is
 * active and MAX answers for it. A tenant whose checks fail stays as it was; the error lists what
 * to fix (422, details.checks).
 */
export async function activateTenant(
  ops: OperateDeps,
  actor: Actor,
  tenantId: string,
): Promise<{ tenant: TenantView; checks: CheckReport }> {
  assertTenantAllowed(actor, tenantId);
  const tenant = await mustReadTenant(ops, tenantId);
  const checks = await checkTenant(ops, tenant);
  if (!checks.ok) {
    const failed = checks.checks.filter((c) => c.required && c.ok !== true);
    throw new AppError(
      'unprocessable',
      `Tenant ${tenantId} stays ${tenant.status}: ${failed.map((c) => c.name).join(', ')} failed`,
      {
        details: {
          status: tenant.status,
          fix: failed.map((c) => ({ check: c.name, detail: c.detail, fix: c.fix })),
          checks: checks.checks,
        },
      },
    );
  }
  // Onboarding sets a dedicated CRM's currencies, time zone and language once; later activations
  // (a disabled tenant enabled again) only report them. Never a reason to stay inactive.
  const trigger = (await crmLocaleSetBefore(ops, tenantId)) ? null : 'onboarding';
  const locale = await tenantLocaleLine(ops, actor, tenant, trigger);
  const [row] = await ops.sql('tenant_activate', (sql) =>
    Promise.resolve(
      // Activating again cancels a deletion that was asked for.
      sql`update tenants set status = 'active', deletion_requested_at = null, purge_after = null, updated_at = now()
           where id = ${tenantId} and status in ('onboarding', 'active', 'disabled') returning *`,
    ),
  );
  if (!row) throw new AppError('not_found', `No tenant ${tenantId}`);
  return { tenant: tenantView(row), checks: { ...checks, checks: [...checks.checks, locale] } };
}
