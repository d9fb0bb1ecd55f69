import type { Keyring } from '@max/core';
import { DEMO_TENANT, seedDemo as seedDemoTenant } from '@max/sandbox';
import type { Sql } from 'postgres';

export const DEMO = {
  tenantId: DEMO_TENANT.id,
  idInstance: DEMO_TENANT.idInstance,
  admin: DEMO_TENANT.admin,
  member: DEMO_TENANT.member,
} as const;

/** The local stack's demo tenant, pointed at the running stand-ins, with its secrets encrypted. */
export async function seedDemo(
  sql: Sql,
  o: {
    keyring: Keyring;
    espoUrl: string;
    greenUrl: string;
    espoApiKey: string;
    greenToken: string;
    espoAdmin?: { username: string; password: string };
  },
): Promise<void> {
  await seedDemoTenant(sql, {
    keyring: o.keyring,
    crmBaseUrl: o.espoUrl,
    greenApiUrl: o.greenUrl,
    secrets: {
      crm_api_key: o.espoApiKey,
      greenapi_token: o.greenToken,
      ...(o.espoAdmin
        ? { crm_admin_username: o.espoAdmin.username, crm_admin_password: o.espoAdmin.password }
        : {}),
    },
  });
}

/** The demo tenant pointed at both stand-ins: their URLs, the CRM's API key, the demo instance's token. */
export function seedDemoOnStandIns(
  sql: Sql,
  keyring: Keyring,
  espo: { url: string; apiKey: string },
  green: { url: string; tokenFor: (idInstance: string) => string },
): Promise<void> {
  return seedDemo(sql, {
    keyring,
    espoUrl: espo.url,
    greenUrl: green.url,
    espoApiKey: espo.apiKey,
    greenToken: green.tokenFor(DEMO.idInstance),
  });
}
