import type { EspoAuth } from '../../../crm/espo/auth.ts';
import { AppError } from '../../../shared/errors.ts';
import type { Tenant } from '../../../store/types.ts';

/** Names of the per-tenant secrets (tenant_secrets.name). */
export const secretNames = {
  crmApiKey: 'crm_api_key',
  crmHmacSecret: 'crm_hmac_secret',
  crmUsername: 'crm_username',
  crmPassword: 'crm_password',
  crmAdminUsername: 'crm_admin_username',
  crmAdminPassword: 'crm_admin_password',
  cfAccessClientId: 'cf_access_client_id',
  cfAccessClientSecret: 'cf_access_client_secret',
  greenApiToken: 'greenapi_token',
  llmApiKey: 'llm_api_key',
} as const;

/**
 * A credential being rotated: `next_<name>` while it is validated, `prev_<name>` during the grace
 * period after the switch (tried when the current one is refused), then dropped.
 */
export const nextName = (name: string) => `next_${name}`;
export const prevName = (name: string) => `prev_${name}`;

/** The secrets a rotation moves, per service. */
export const ROTATED = {
  crm: [secretNames.crmApiKey, secretNames.crmHmacSecret],
  greenapi: [secretNames.greenApiToken],
} as const;
export type RotatedService = keyof typeof ROTATED;

const needOf = (s: ReadonlyMap<string, string>) => (name: string) => {
  const v = s.get(name);
  if (!v) throw new AppError('bad_request', `Tenant secret ${name} is not set`, { retryable: false });
  return v;
};

/** How MAX signs in to the tenant's EspoCRM, from its secrets (a `prefix` reads next_/prev_ ones). */
export function crmAuthOf(
  tenant: Pick<Tenant, 'crmAuthMode'>,
  secrets: ReadonlyMap<string, string>,
  pick: (name: string) => string = (n) => n,
): EspoAuth {
  const need = needOf(secrets);
  // A rotation may change only one of the two HMAC secrets: the other stays the current one.
  const get = (name: string) => (secrets.has(pick(name)) ? need(pick(name)) : need(name));
  if (tenant.crmAuthMode === 'apikey') return { kind: 'apikey', apiKey: get(secretNames.crmApiKey) };
  if (tenant.crmAuthMode === 'hmac')
    return {
      kind: 'hmac',
      apiKey: get(secretNames.crmApiKey),
      secretKey: get(secretNames.crmHmacSecret),
    };
  return { kind: 'basic', username: need(secretNames.crmUsername), password: need(secretNames.crmPassword) };
}

/** The previous CRM credential of a rotation in its grace period, if any. */
export function crmFallbackAuthOf(
  tenant: Pick<Tenant, 'crmAuthMode'>,
  secrets: ReadonlyMap<string, string>,
): EspoAuth | undefined {
  if (tenant.crmAuthMode === 'basic') return undefined;
  if (!ROTATED.crm.some((n) => secrets.has(prevName(n)))) return undefined;
  return crmAuthOf(tenant, secrets, prevName);
}

/** Admin login and Cloudflare Access token, when configured. */
export function crmExtrasOf(secrets: ReadonlyMap<string, string>) {
  const adminUser = secrets.get(secretNames.crmAdminUsername);
  const adminPass = secrets.get(secretNames.crmAdminPassword);
  const cfId = secrets.get(secretNames.cfAccessClientId);
  const cfSecret = secrets.get(secretNames.cfAccessClientSecret);
  return {
    ...(adminUser && adminPass
      ? { adminAuth: { kind: 'basic' as const, username: adminUser, password: adminPass } }
      : {}),
    ...(cfId && cfSecret ? { cfAccess: { clientId: cfId, clientSecret: cfSecret } } : {}),
  };
}
