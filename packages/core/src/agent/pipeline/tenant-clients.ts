import { createEspoClient } from '../../crm/espo/index.ts';
import { createGreenApiClient } from '../../greenapi/client/index.ts';
import { decryptSecret, type Keyring, secretAad } from '../../secrets/index.ts';
import type { Clock, FetchLike } from '../../shared/clock.ts';
import { AppError } from '../../shared/errors.ts';
import type { Logger } from '../../shared/logger.ts';
import type { SecretCiphertext, Tenant } from '../../store/types.ts';
import { createOpenAiModel } from '../model/openai-model.ts';
import { createOpenAiTranscriber } from '../model/openai-transcriber.ts';
import type { TenantClients, TenantClientsFactory } from './ports.ts';

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

export interface LlmDefaults {
  apiKey: string;
  baseURL: string | null;
  model: string;
  transcribeModel: string;
  timeoutMs: number;
}

export interface TenantClientsOptions {
  keyring: Keyring;
  fetch: FetchLike;
  clock: Clock;
  logger: Logger;
  /** The deployment's model; a tenant may override base URL, model and key. Null: rules engine. */
  llm: LlmDefaults | null;
  crmTimeoutMs?: number;
}

export async function openSecrets(
  keyring: Keyring,
  tenantId: string,
  rows: SecretCiphertext[],
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const row of rows) {
    out.set(row.name, await decryptSecret(keyring, row.ciphertext, secretAad(tenantId, row.name)));
  }
  return out;
}

/** Wires a tenant's CRM, WhatsApp sender, model and transcriber from its decrypted secrets. */
export function createTenantClientsFactory(opts: TenantClientsOptions): TenantClientsFactory {
  return async (tenant: Tenant, rows: SecretCiphertext[]): Promise<TenantClients> => {
    const s = await openSecrets(opts.keyring, tenant.id, rows);
    const log = opts.logger.child({ tenantId: tenant.id });
    const need = (name: string) => {
      const v = s.get(name);
      if (!v) throw new AppError('bad_request', `Tenant secret ${name} is not set`, { retryable: false });
      return v;
    };
    const auth =
      tenant.crmAuthMode === 'apikey'
        ? { kind: 'apikey' as const, apiKey: need(secretNames.crmApiKey) }
        : tenant.crmAuthMode === 'hmac'
          ? {
              kind: 'hmac' as const,
              apiKey: need(secretNames.crmApiKey),
              secretKey: need(secretNames.crmHmacSecret),
            }
          : {
              kind: 'basic' as const,
              username: need(secretNames.crmUsername),
              password: need(secretNames.crmPassword),
            };
    const adminUser = s.get(secretNames.crmAdminUsername);
    const adminPass = s.get(secretNames.crmAdminPassword);
    const cfId = s.get(secretNames.cfAccessClientId);
    const cfSecret = s.get(secretNames.cfAccessClientSecret);
    const crm = createEspoClient({
      baseUrl: tenant.crmBaseUrl,
      auth,
      ...(adminUser && adminPass
        ? { adminAuth: { kind: 'basic' as const, username: adminUser, password: adminPass } }
        : {}),
      ...(cfId && cfSecret ? { cfAccess: { clientId: cfId, clientSecret: cfSecret } } : {}),
      fetch: opts.fetch,
      clock: opts.clock,
      logger: log,
      timeoutMs: opts.crmTimeoutMs ?? 10_000,
      tenant:
        tenant.crmMode === 'shared' && tenant.crmTenantField
          ? { field: tenant.crmTenantField, value: tenant.id }
          : null,
      defaultCountry: tenant.defaultCountry,
    });
    const green = createGreenApiClient({
      apiUrl: tenant.greenApiUrl,
      idInstance: tenant.greenApiInstanceId,
      apiToken: need(secretNames.greenApiToken),
      fetch: opts.fetch,
      clock: opts.clock,
      logger: log,
    });
    const llmKey = s.get(secretNames.llmApiKey) ?? opts.llm?.apiKey;
    const llm = llmKey
      ? {
          apiKey: llmKey,
          baseURL: tenant.llmBaseUrl ?? opts.llm?.baseURL ?? null,
          model: tenant.llmModel ?? opts.llm?.model ?? 'gpt-4o-mini',
          timeoutMs: opts.llm?.timeoutMs ?? 20_000,
        }
      : null;
    return {
      crm,
      whatsapp: {
        sendMessage: (m) => green.sendMessage(m),
        downloadFile: (url) => green.downloadFile(url),
        lastIncomingMessages: (minutes) => green.lastIncomingMessages(minutes),
      },
      model: llm ? createOpenAiModel({ ...llm, fetch: opts.fetch }) : null,
      transcriber: llm
        ? createOpenAiTranscriber({
            ...llm,
            model: opts.llm?.transcribeModel ?? 'whisper-1',
            fetch: opts.fetch,
          })
        : null,
    };
  };
}
