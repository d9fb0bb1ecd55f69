import { type CrmClient, createEspoClient, type Logger, systemClock } from '@max/core';

/** A tenants row as the CLI reads it (snake_case columns). */
export type TenantRow = Record<string, unknown>;

/**
 * The tenant's CRM client as the agent builds it from its row and decrypted secrets: the API user,
 * the admin user when one is set, and in shared mode the tenant filter.
 */
export function tenantCrm(t: TenantRow, secrets: Map<string, string>, logger: Logger): CrmClient {
  const auth =
    t.crm_auth_mode === 'hmac'
      ? {
          kind: 'hmac' as const,
          apiKey: secrets.get('crm_api_key') ?? '',
          secretKey: secrets.get('crm_hmac_secret') ?? '',
        }
      : t.crm_auth_mode === 'basic'
        ? {
            kind: 'basic' as const,
            username: secrets.get('crm_username') ?? '',
            password: secrets.get('crm_password') ?? '',
          }
        : { kind: 'apikey' as const, apiKey: secrets.get('crm_api_key') ?? '' };
  const adminUser = secrets.get('crm_admin_username');
  const adminPassword = secrets.get('crm_admin_password');
  const cfId = secrets.get('cf_access_client_id');
  const cfSecret = secrets.get('cf_access_client_secret');
  return createEspoClient({
    baseUrl: String(t.crm_base_url),
    auth,
    ...(adminUser && adminPassword
      ? { adminAuth: { kind: 'basic' as const, username: adminUser, password: adminPassword } }
      : {}),
    ...(cfId && cfSecret ? { cfAccess: { clientId: cfId, clientSecret: cfSecret } } : {}),
    fetch,
    clock: systemClock,
    logger,
    timeoutMs: 5000,
    retries: 0,
    tenant: t.crm_mode === 'shared' ? { field: String(t.crm_tenant_field), value: String(t.id) } : null,
  });
}
