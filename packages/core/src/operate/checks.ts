import { secretNames } from '../agent/pipeline/wiring/tenant-credentials.ts';
import { describeError } from '../shared/errors.ts';
import type { CheckLine, CheckReport } from './check-line.ts';
import { checkClients } from './connect.ts';
import { crmLocaleCheck, type LocaleTrigger } from './crm-locale.ts';
import type { Actor, OperateDeps } from './deps.ts';
import { openTenantSecrets } from './secrets.ts';
import type { TenantView } from './tenant-view.ts';

export type { CheckLine, CheckReport } from './check-line.ts';

import { assertTenantAllowed, mustReadTenant } from './tenants.ts';

/** The entities whose tenant field shared mode needs (every write and read carries it). */
const SHARED_ENTITIES = ['Lead', 'Contact', 'Account', 'Opportunity', 'Task', 'Note'];

const secretFix = (t: TenantView, name: string) =>
  `set it: PUT /api/admin/tenants/${t.id}/secrets/${name} or npm run tenant -- set-secret ${t.id} ${name} …`;

/** The secrets the tenant's CRM auth mode and Green-API need. */
function requiredSecrets(t: TenantView): string[] {
  const crm =
    t.crmAuthMode === 'hmac'
      ? [secretNames.crmApiKey, secretNames.crmHmacSecret]
      : t.crmAuthMode === 'basic'
        ? [secretNames.crmUsername, secretNames.crmPassword]
        : [secretNames.crmApiKey];
  return [...crm, secretNames.greenApiToken];
}

/**
 * A tenant's checks, one line each: its secrets, the CRM reachable, authenticated, with admin
 * rights where an admin user is configured, the tenant field in shared mode, the Green-API instance
 * authorised, and who may write to MAX. `secrets` replaces the stored ones (a rotation's candidate).
 */
export async function checkTenant(
  ops: OperateDeps,
  tenant: TenantView,
  secrets?: ReadonlyMap<string, string>,
  o: { withFallback?: boolean } = {},
): Promise<CheckReport> {
  const log = ops.logger.child({ tenantId: tenant.id, job: 'checks' });
  const s = secrets ?? (await openTenantSecrets(ops, tenant.id));
  const lines: CheckLine[] = [];
  const missing = requiredSecrets(tenant).filter((n) => !s.get(n));
  for (const name of missing)
    lines.push({
      name: `secret.${name}`,
      ok: false,
      required: true,
      detail: 'not set',
      fix: secretFix(tenant, name),
    });
  const clients = checkClients(ops, tenant, s, log, o);

  if (!missing.some((n) => n !== secretNames.greenApiToken)) {
    const h = await clients.crm().health(SHARED_ENTITIES);
    lines.push({
      name: 'crm.reachable',
      ok: h.reachable,
      required: true,
      detail: `${tenant.crmBaseUrl} (${h.latencyMs} ms)${h.reachable ? '' : `: ${h.error ?? 'no answer'}`}`,
      ...(h.reachable ? {} : { fix: 'check crmBaseUrl, the tunnel and the Cloudflare Access token' }),
    });
    if (h.reachable)
      lines.push({
        name: 'crm.auth',
        ok: h.authenticated,
        required: true,
        detail: h.authenticated ? tenant.crmAuthMode : `refused (${h.error ?? 'unauthorized'})`,
        ...(h.authenticated
          ? {}
          : { fix: `the CRM refused the ${tenant.crmAuthMode} credentials: set the right ones` }),
      });
    if (h.authenticated) {
      const adminConfigured = s.has(secretNames.crmAdminUsername);
      lines.push({
        name: 'crm.admin',
        ok: adminConfigured ? h.admin : null,
        required: adminConfigured,
        detail: adminConfigured
          ? h.admin
            ? 'the admin user has admin rights'
            : 'the admin user is not an administrator'
          : 'no admin user configured (schema tools disabled)',
        ...(adminConfigured && !h.admin
          ? { fix: 'give crm_admin_username an administrator role in EspoCRM' }
          : {}),
      });
      if (tenant.crmMode === 'shared')
        for (const [entity, ok] of Object.entries(h.tenantField ?? {}))
          lines.push({
            name: `crm.tenant_field.${entity}`,
            ok,
            required: true,
            detail: `${tenant.crmTenantField} on ${entity}`,
            ...(ok
              ? {}
              : { fix: `add the field ${tenant.crmTenantField} to ${entity} (infra/scaleway-espocrm)` }),
          });
    }
  }

  if (s.get(secretNames.greenApiToken)) {
    try {
      const state = (await clients.green().getStateInstance()).stateInstance;
      const ok = state === 'authorized';
      lines.push({
        name: 'greenapi.state',
        ok,
        required: true,
        detail: state,
        ...(ok ? {} : { fix: 'scan the QR code in the Green-API console (the instance must be authorized)' }),
      });
    } catch (e) {
      const err = describeError(e);
      lines.push({
        name: 'greenapi.state',
        ok: false,
        required: true,
        detail: err.code === 'unauthorized' ? 'the instance refused the token' : `unreachable (${err.code})`,
        fix:
          err.code === 'unauthorized'
            ? 'set the instance token (greenapi_token) from the Green-API console'
            : 'check greenApiUrl and idInstance',
      });
    }
  }

  const [people] = await ops.sql('checks_people', (sql) =>
    Promise.resolve(
      sql`select count(*)::int as n, count(*) filter (where role = 'admin')::int as admins
            from whatsapp_senders where tenant_id = ${tenant.id}`,
    ),
  );
  lines.push({
    name: 'senders',
    ok: (people!.admins as number) > 0,
    required: false,
    detail: `${people!.n} WhatsApp number(s), ${people!.admins} admin`,
    ...((people!.admins as number) > 0
      ? {}
      : {
          fix: `register an admin's number: PUT /api/admin/tenants/${tenant.id}/senders/<phone> {"role":"admin"}`,
        }),
  });
  return { ok: lines.every((l) => !l.required || l.ok === true), checks: lines };
}

/**
 * The `crm.locale` line of a tenant whose CRM answered as authenticated: reported, or set when a
 * trigger says so (see crm-locale.ts).
 */
export async function tenantLocaleLine(
  ops: OperateDeps,
  actor: Actor,
  tenant: TenantView,
  trigger: LocaleTrigger,
): Promise<CheckLine> {
  const s = await openTenantSecrets(ops, tenant.id);
  const log = ops.logger.child({ tenantId: tenant.id, job: 'checks' });
  return crmLocaleCheck(ops, actor, tenant, checkClients(ops, tenant, s, log).crm(), trigger);
}

/**
 * The checks of a tenant, as an operator asks for them, with the CRM's locale reported — or set
 * again with `fix` (a dedicated CRM only).
 */
export async function runTenantChecks(
  ops: OperateDeps,
  actor: Actor,
  tenantId: string,
  o: { fix?: boolean } = {},
): Promise<CheckReport> {
  assertTenantAllowed(actor, tenantId);
  const tenant = await mustReadTenant(ops, tenantId);
  const report = await checkTenant(ops, tenant);
  if (!report.checks.some((c) => c.name === 'crm.auth' && c.ok === true)) return report;
  const locale = await tenantLocaleLine(ops, actor, tenant, o.fix ? 'fix' : null);
  return { ...report, checks: [...report.checks, locale] };
}
