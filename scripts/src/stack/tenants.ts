import { type Keyring, storeSecret } from '@max/core';
import type { Sql } from 'postgres';

/**
 * Seeding helpers of the local stack and the fault suite (tenants that are active at once, as the
 * stand-ins make them). Operators use `npm run tenant` and /api/admin, which call core's operate/.
 */
export interface TenantInput {
  id: string;
  name: string;
  idInstance: string;
  greenApiUrl: string;
  crmBaseUrl: string;
  crmMode?: 'dedicated' | 'shared';
  crmAuthMode?: 'apikey' | 'hmac' | 'basic';
  crmTenantField?: string | null;
  locale?: 'fr' | 'en';
  timezone?: string;
  defaultCountry?: string;
  llmBaseUrl?: string | null;
  llmModel?: string | null;
}

export async function upsertTenant(sql: Sql, t: TenantInput): Promise<void> {
  await sql`
    insert into tenants (id, name, green_api_instance_id, green_api_url, crm_base_url, crm_mode, crm_auth_mode,
                         crm_tenant_field, locale, timezone, default_country, llm_base_url, llm_model)
    values (${t.id}, ${t.name}, ${t.idInstance}, ${t.greenApiUrl}, ${t.crmBaseUrl}, ${t.crmMode ?? 'dedicated'},
            ${t.crmAuthMode ?? 'apikey'}, ${t.crmTenantField ?? null}, ${t.locale ?? 'fr'}, ${t.timezone ?? 'Europe/Paris'},
            ${t.defaultCountry ?? 'FR'}, ${t.llmBaseUrl ?? null}, ${t.llmModel ?? null})
    on conflict (id) do update set
      name = excluded.name, green_api_instance_id = excluded.green_api_instance_id, green_api_url = excluded.green_api_url,
      crm_base_url = excluded.crm_base_url, crm_mode = excluded.crm_mode, crm_auth_mode = excluded.crm_auth_mode,
      crm_tenant_field = excluded.crm_tenant_field, locale = excluded.locale, timezone = excluded.timezone,
      default_country = excluded.default_country, llm_base_url = excluded.llm_base_url, llm_model = excluded.llm_model,
      updated_at = now()`;
}

/** Secrets are sealed by core before they reach SQL: the database only ever sees ciphertext. */
export async function setSecret(
  sql: Sql,
  keyring: Keyring,
  tenantId: string,
  name: string,
  value: string,
): Promise<void> {
  await storeSecret(keyring, sql, tenantId, name, value);
}

export async function setSender(
  sql: Sql,
  tenantId: string,
  chatId: string,
  role: 'admin' | 'member',
  displayName: string | null = null,
): Promise<void> {
  await sql`
    insert into whatsapp_senders (tenant_id, chat_id, role, display_name) values (${tenantId}, ${chatId}, ${role}, ${displayName})
    on conflict (tenant_id, chat_id) do update set role = excluded.role, display_name = coalesce(excluded.display_name, whatsapp_senders.display_name)`;
}
