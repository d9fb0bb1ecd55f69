import { encryptSecret, type Keyring, secretAad } from '@max/core';
import type { Sql } from 'postgres';

export const DEMO_TENANT = {
  id: 'demo',
  idInstance: '1101000001',
  admin: '33600000001@c.us',
  member: '33600000002@c.us',
} as const;

export interface SeedDemoOptions {
  greenApiUrl?: string;
  crmBaseUrl?: string;
  llmBaseUrl?: string | null;
  llmModel?: string | null;
  /** With a keyring, these plaintexts (e.g. crm_api_key, greenapi_token) are stored encrypted. */
  keyring?: Keyring;
  secrets?: Record<string, string>;
}

/**
 * The demo tenant the dev runner and the README use: French, dedicated EspoCRM on :8090 with an
 * API key, an admin and a member sender. Idempotent: re-running updates the demo rows in place.
 * `sql` must be the owner (or service role) connection: it writes past RLS.
 */
export async function seedDemo(sql: Sql, opts: SeedDemoOptions = {}): Promise<typeof DEMO_TENANT> {
  const t = DEMO_TENANT;
  const secrets = Object.entries(opts.secrets ?? {});
  if (secrets.length && !opts.keyring) throw new Error('seedDemo: secrets need a keyring to be encrypted');
  const encrypted = await Promise.all(
    secrets.map(async ([name, value]) => ({
      name,
      ciphertext: await encryptSecret(opts.keyring!, value, secretAad(t.id, name)),
    })),
  );
  await sql.begin(async (tx) => {
    await tx`
      insert into tenants (id, name, status, locale, timezone, default_country, green_api_instance_id, green_api_url,
                           crm_mode, crm_base_url, crm_auth_mode, llm_base_url, llm_model)
      values (${t.id}, 'Demo', 'active', 'fr', 'Europe/Paris', 'FR', ${t.idInstance},
              ${opts.greenApiUrl ?? 'http://127.0.0.1:8091'}, 'dedicated', ${opts.crmBaseUrl ?? 'http://127.0.0.1:8090'},
              'apikey', ${opts.llmBaseUrl ?? null}, ${opts.llmModel ?? null})
      on conflict (id) do update set
        green_api_url = excluded.green_api_url, crm_base_url = excluded.crm_base_url,
        llm_base_url = excluded.llm_base_url, llm_model = excluded.llm_model, updated_at = now()`;
    await tx`
      insert into whatsapp_senders (tenant_id, chat_id, role, display_name)
      values (${t.id}, ${t.admin}, 'admin', 'Demo admin'), (${t.id}, ${t.member}, 'member', 'Demo member')
      on conflict (tenant_id, chat_id) do update set role = excluded.role`;
    for (const s of encrypted) {
      await tx`
        insert into tenant_secrets (tenant_id, name, key_id, ciphertext)
        values (${t.id}, ${s.name}, ${opts.keyring!.activeKeyId}, ${s.ciphertext})
        on conflict (tenant_id, name) do update
          set key_id = excluded.key_id, ciphertext = excluded.ciphertext, updated_at = now()`;
    }
  });
  return t;
}
