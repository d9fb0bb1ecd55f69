import {
  crmAuthOf,
  crmExtrasOf,
  crmFallbackAuthOf,
  prevName,
  secretNames,
} from '../agent/pipeline/wiring/tenant-credentials.ts';
import { createEspoClient } from '../crm/espo/espo-client.ts';
import type { CrmClient } from '../crm/port.ts';
import { createGreenApiClient, type GreenApiClient } from '../greenapi/client/green-api-client.ts';
import type { Logger } from '../shared/logger.ts';
import type { OperateDeps } from './deps.ts';
import type { TenantView } from './tenant-view.ts';

/**
 * A tenant's CRM and Green-API clients for a check (no retries, the checks' timeout), built from
 * plaintext secrets — the current ones, or a rotation's candidate. Throws AppError 'bad_request'
 * when a secret the auth mode needs is missing.
 */
export function checkClients(
  ops: OperateDeps,
  tenant: TenantView,
  secrets: ReadonlyMap<string, string>,
  log: Logger,
  o: { withFallback?: boolean } = {},
): { crm: () => CrmClient; green: () => GreenApiClient } {
  const t = { crmAuthMode: tenant.crmAuthMode as 'apikey' | 'hmac' | 'basic' };
  return {
    crm: () => {
      const fallbackAuth = o.withFallback ? crmFallbackAuthOf(t, secrets) : undefined;
      return createEspoClient({
        baseUrl: tenant.crmBaseUrl,
        auth: crmAuthOf(t, secrets),
        ...(fallbackAuth ? { fallbackAuth } : {}),
        ...crmExtrasOf(secrets),
        fetch: ops.fetch,
        clock: ops.clock,
        logger: log,
        timeoutMs: ops.settings.checkTimeoutMs,
        retries: 0,
        tenant:
          tenant.crmMode === 'shared' && tenant.crmTenantField
            ? { field: tenant.crmTenantField, value: tenant.id }
            : null,
      });
    },
    green: () =>
      createGreenApiClient({
        apiUrl: tenant.greenApiUrl,
        idInstance: tenant.idInstance ?? '0',
        apiToken:
          secrets.get(secretNames.greenApiToken) ??
          (o.withFallback ? secrets.get(prevName(secretNames.greenApiToken)) : undefined) ??
          '',
        fetch: ops.fetch,
        clock: ops.clock,
        logger: log,
        timeoutMs: ops.settings.checkTimeoutMs,
        retries: 0,
      }),
  };
}
