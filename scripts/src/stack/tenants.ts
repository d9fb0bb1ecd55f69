import { deriveWebhookToken, encryptSecret, type Keyring, secretAad } from '@max/core';
import type { Sql } from 'postgres';

/** Operator actions on tenants, run as the database owner (the Supabase dashboard's service role). */
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

/** Secrets are encrypted here, before they reach SQL: the database only ever sees ciphertext. */
export async function setSecret(
  sql: Sql,
  keyring: Keyring,
  tenantId: string,
  name: string,
  value: string,
): Promise<void> {
  const ciphertext = await encryptSecret(keyring, value, secretAad(tenantId, name));
  await sql`
    insert into tenant_secrets (tenant_id, name, key_id, ciphertext) values (${tenantId}, ${name}, ${keyring.activeKeyId}, ${ciphertext})
    on conflict (tenant_id, name) do update set key_id = excluded.key_id, ciphertext = excluded.ciphertext, updated_at = now()`;
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

/** A person signed in with Supabase Auth, given a role in the tenant (web chat, dashboard, the person paths). */
export async function setMember(
  sql: Sql,
  tenantId: string,
  userId: string,
  role: 'owner' | 'admin' | 'member' | 'viewer',
): Promise<void> {
  await sql`
    insert into tenant_members (tenant_id, user_id, role) values (${tenantId}, ${userId}, ${role})
    on conflict (tenant_id, user_id) do update set role = excluded.role`;
}

/** Links a WhatsApp sender to the member it belongs to (they may then change their own opt-out). */
export async function linkSender(sql: Sql, tenantId: string, chatId: string, userId: string): Promise<void> {
  await sql`update whatsapp_senders set user_id = ${userId} where tenant_id = ${tenantId} and chat_id = ${chatId}`;
}

export async function setTenantStatus(
  sql: Sql,
  tenantId: string,
  status: 'active' | 'disabled',
): Promise<boolean> {
  const rows =
    await sql`update tenants set status = ${status}, updated_at = now() where id = ${tenantId} returning id`;
  return rows.length === 1;
}

export async function webhookCredentials(secret: string, idInstance: string, publicUrl: string) {
  return {
    url: `${publicUrl.replace(/\/+$/, '')}/webhooks/greenapi`,
    token: await deriveWebhookToken(secret, idInstance),
  };
}
