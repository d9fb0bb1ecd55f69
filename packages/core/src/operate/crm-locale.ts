import { alignCrmLocale, type CrmLocaleReport, type LocaleChange } from '../crm/locale/align-crm-locale.ts';
import type { CrmClient } from '../crm/port.ts';
import { describeError } from '../shared/errors.ts';
import type { CheckLine } from './check-line.ts';
import type { Actor, OperateDeps } from './deps.ts';
import { auditTenantStep } from './tenant-audit.ts';
import type { TenantView } from './tenant-view.ts';

/**
 * Why the CRM's locale is being set: the tenant's activation (its first, once an earlier one
 * succeeded it is only reported) or an operator's explicit fix. Null: report only.
 */
export type LocaleTrigger = 'onboarding' | 'fix' | null;

const show = (v: string | string[]) => (Array.isArray(v) ? v.join(',') : v || '(none)');
const listed = (changes: LocaleChange[]) =>
  changes.map((c) => `${c.setting} ${show(c.from)} → ${show(c.to)}`).join('; ');

/** Whether a tenant's CRM was set to its locale once already (an ok `crm_locale` audit row). */
export async function crmLocaleSetBefore(ops: OperateDeps, tenantId: string): Promise<boolean> {
  const rows = await ops.sql('crm_locale_before', (sql) =>
    Promise.resolve(
      sql`select 1 from max_logs where tenant_id = ${tenantId} and action = 'crm_locale' and result = 'ok' limit 1`,
    ),
  );
  return rows.length > 0;
}

/**
 * The `crm.locale` check: a dedicated CRM's currency list and default currency, time zone and
 * language against the tenant's country and language (never a shared CRM: it is the operator's).
 * With a trigger it sets them through EspoCRM's Settings (admin PUT) and audits the attempt in
 * max_logs (what changed, never a secret); without, it reports a mismatch and how to fix it.
 * Never required for activation: a CRM in USD still works, MAX names the currencies it accepts.
 */
export async function crmLocaleCheck(
  ops: OperateDeps,
  actor: Actor,
  tenant: TenantView,
  crm: CrmClient,
  trigger: LocaleTrigger,
): Promise<CheckLine> {
  const base = { name: 'crm.locale', required: false } as const;
  const fixHint = `POST /api/admin/tenants/${tenant.id}/checks?fix=locale or npm run tenant -- checks ${tenant.id} --fix`;
  const started = ops.clock.now().getTime();
  let report: CrmLocaleReport;
  try {
    report = await alignCrmLocale(
      crm,
      {
        crmMode: tenant.crmMode === 'shared' ? 'shared' : 'dedicated',
        defaultCountry: tenant.defaultCountry,
        locale: tenant.locale === 'en' ? 'en' : 'fr',
        timezone: tenant.timezone,
      },
      { apply: trigger !== null },
    );
  } catch (e) {
    return { ...base, ok: false, detail: `cannot read the CRM's settings (${describeError(e).code})` };
  }
  switch (report.status) {
    case 'shared':
      return {
        ...base,
        ok: null,
        detail: "shared CRM: its currencies, time zone and language are the operator's",
      };
    case 'aligned': {
      const { currency, timeZone, language } = report.target;
      return { ...base, ok: true, detail: `${currency ?? 'currency as is'}, ${timeZone}, ${language}` };
    }
    case 'mismatch':
      return { ...base, ok: false, detail: listed(report.changes), fix: fixHint };
  }
  const ok = report.status === 'fixed';
  await ops.sql('crm_locale_audit', (sql) =>
    auditTenantStep(sql, tenant.id, actor, 'crm_locale', ok ? 'ok' : 'error', {
      trigger,
      changes: report.changes,
      latencyMs: ops.clock.now().getTime() - started,
      ...(report.status === 'failed' ? { error: report.error.code } : {}),
    }),
  );
  if (report.status === 'fixed') return { ...base, ok: true, detail: `set: ${listed(report.changes)}` };
  return {
    ...base,
    ok: false,
    detail: `could not set ${listed(report.changes)}: ${report.error.code}`,
    fix:
      report.error.code === 'forbidden'
        ? `Settings need the CRM admin: set crm_admin_username / crm_admin_password, then ${fixHint}`
        : fixHint,
  };
}
