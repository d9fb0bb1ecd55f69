import {
  alignCrmLocale,
  type CrmClient,
  type CrmLocaleReport,
  describeError,
  type LocaleChange,
} from '@max/core';
import type { Sql } from 'postgres';
import type { TenantRow } from './tenant-crm.ts';

type Line = (ok: boolean | null, what: string, detail?: string) => void;

const show = (v: string | string[]) => (Array.isArray(v) ? v.join(',') : v || '(none)');
const listed = (changes: LocaleChange[]) =>
  changes.map((c) => `${c.setting} ${show(c.from)} → ${show(c.to)}`).join('; ');

/** The locale a tenant's CRM was set to once already (an ok `crm_locale` audit row). */
async function alignedBefore(sql: Sql, tenantId: string): Promise<boolean> {
  const rows =
    await sql`select 1 from max_logs where tenant_id = ${tenantId} and action = 'crm_locale' and result = 'ok' limit 1`;
  return rows.length > 0;
}

/**
 * Doctor's CRM locale line. The first doctor of a dedicated tenant (no earlier success in the audit
 * log) and `--fix` set the CRM's currencies, time zone and language; any other run only reports a
 * mismatch. Every attempt to change them is a max_logs row (what changed; never a secret).
 */
export async function crmLocaleStep(
  sql: Sql,
  t: TenantRow,
  crm: CrmClient,
  line: Line,
  opts: { fix: boolean },
): Promise<CrmLocaleReport | null> {
  const tenantId = String(t.id);
  const tenant = {
    crmMode: t.crm_mode === 'shared' ? ('shared' as const) : ('dedicated' as const),
    defaultCountry: String(t.default_country),
    locale: t.locale === 'en' ? ('en' as const) : ('fr' as const),
    timezone: String(t.timezone),
  };
  const trigger = opts.fix ? 'fix' : (await alignedBefore(sql, tenantId)) ? null : 'onboarding';
  const started = Date.now();
  let report: CrmLocaleReport;
  try {
    report = await alignCrmLocale(crm, tenant, { apply: trigger !== null });
  } catch (e) {
    line(false, 'CRM locale', `cannot read the CRM's settings (${describeError(e).code})`);
    return null;
  }
  switch (report.status) {
    case 'shared':
      line(null, 'CRM locale', "shared CRM: its currencies, time zone and language are the operator's");
      return report;
    case 'aligned': {
      const { currency, timeZone, language } = report.target;
      line(true, 'CRM locale', `${currency ?? 'currency as is'}, ${timeZone}, ${language}`);
      return report;
    }
    case 'mismatch':
      line(
        false,
        'CRM locale',
        `${listed(report.changes)} (npm run tenant -- doctor ${tenantId} --fix sets them)`,
      );
      return report;
  }
  const ok = report.status === 'fixed';
  await sql`
    insert into max_logs (tenant_id, actor, action, target_entity, result, latency_ms, detail)
    values (${tenantId}, 'tenant-cli', 'crm_locale', 'Settings', ${ok ? 'ok' : 'error'}, ${Date.now() - started},
            ${sql.json({
              trigger,
              changes: report.changes,
              ...(report.status === 'failed' ? { error: report.error.code } : {}),
            } as never)})`;
  if (report.status === 'fixed') line(true, 'CRM locale set', listed(report.changes));
  else
    line(
      false,
      'CRM locale',
      `could not set ${listed(report.changes)}: ${report.error.code}${report.error.code === 'forbidden' ? ' (Settings need the CRM admin: set-secret crm_admin_username / crm_admin_password)' : ''}`,
    );
  return report;
}
