import { createEspoClient, createEspoClientState, type EspoClientState } from '../../../crm/espo/index.ts';
import { createGreenApiClient, type GreenApiClient } from '../../../greenapi/client/index.ts';
import { decryptSecret, type Keyring, secretAad } from '../../../secrets/index.ts';
import type { Clock, FetchLike } from '../../../shared/clock.ts';
import { AppError, isAppError } from '../../../shared/errors.ts';
import type { Logger } from '../../../shared/logger.ts';
import type { SecretCiphertext, Tenant } from '../../../store/types.ts';
import { createOpenAiModel } from '../../model/openai-model.ts';
import { createOpenAiTranscriber } from '../../model/openai-transcriber.ts';
import type { WhatsAppSender } from '../../whatsapp-ports.ts';
import type { TenantClients, TenantClientsProvider } from './ports.ts';
import { crmAuthOf, crmExtrasOf, crmFallbackAuthOf, prevName, secretNames } from './tenant-credentials.ts';

export { secretNames } from './tenant-credentials.ts';

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
  /** Origins media may be downloaded from (default: Green-API's media hosts). */
  mediaHosts?: string[];
  /** Asked for a tenant's secrets when the cache lost them although the store thought them current. */
  reloadSecrets?: (tenantId: string) => Promise<SecretCiphertext[]>;
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

/** What outlives one message, per tenant: decrypted secrets and the CRM client's login/metadata state. */
interface CachedTenant {
  version: number;
  instance: string;
  secrets: Map<string, string>;
  espo: EspoClientState;
}

/**
 * Wires a tenant's CRM, WhatsApp sender, model and transcriber. Cached per tenant across messages
 * while `settings_version` holds (any change of settings or secrets moves it); the clients
 * themselves are rebuilt per unit of work so their log lines carry that work's requestId.
 */
export function createTenantClientsFactory(opts: TenantClientsOptions): TenantClientsProvider {
  const cache = new Map<string, CachedTenant>();

  async function entry(tenant: Tenant, rows: SecretCiphertext[] | null): Promise<CachedTenant> {
    const hit = cache.get(tenant.id);
    if (hit && hit.version === tenant.settingsVersion && !rows) return hit;
    const source = rows ?? (opts.reloadSecrets ? await opts.reloadSecrets(tenant.id) : []);
    const fresh: CachedTenant = {
      version: tenant.settingsVersion,
      instance: tenant.greenApiInstanceId,
      secrets: await openSecrets(opts.keyring, tenant.id, source),
      // The CRM state (admin token, metadata) is kept across a settings change only if nothing moved.
      espo: hit && hit.version === tenant.settingsVersion ? hit.espo : createEspoClientState(),
    };
    cache.set(tenant.id, fresh);
    return fresh;
  }

  return {
    knownVersion(key) {
      const direct = cache.get(key);
      if (direct) return direct.version;
      for (const c of cache.values()) if (c.instance === key) return c.version;
      return undefined;
    },
    async forTenant(tenant, rows, logger) {
      const cached = await entry(tenant, rows);
      return build(opts, tenant, cached, logger);
    },
  };
}

/** Each client is built when first used: a missing CRM secret must not stop a WhatsApp notice. */
function build(opts: TenantClientsOptions, tenant: Tenant, c: CachedTenant, log: Logger): TenantClients {
  const need = (name: string) => {
    const v = c.secrets.get(name);
    if (!v) throw new AppError('bad_request', `Tenant secret ${name} is not set`, { retryable: false });
    return v;
  };
  const once = <T>(make: () => T) => {
    let v: { value: T } | null = null;
    return () => {
      v ??= { value: make() };
      return v.value;
    };
  };
  // Every request to the CRM this unit of work makes is counted (usage metering: crm_calls).
  let crmRequests = 0;
  const countedFetch: TenantClientsOptions['fetch'] = (input, init) => {
    crmRequests++;
    return opts.fetch(input, init);
  };
  const crm = once(() => crmClient(opts, tenant, c, log, countedFetch));
  const green = (token: string) =>
    createGreenApiClient({
      apiUrl: tenant.greenApiUrl,
      idInstance: tenant.greenApiInstanceId,
      apiToken: token,
      fetch: opts.fetch,
      clock: opts.clock,
      logger: log,
      ...(opts.mediaHosts ? { mediaHosts: opts.mediaHosts } : {}),
    });
  const whatsapp = once(() => {
    const previous = c.secrets.get(prevName(secretNames.greenApiToken));
    return whatsAppSender(
      withFallback(green(need(secretNames.greenApiToken)), previous ? green(previous) : null, log),
      opts.clock,
    );
  });
  const llm = llmSettings(opts, tenant, c.secrets);
  const model = once(() => (llm ? createOpenAiModel({ ...llm, fetch: opts.fetch }) : null));
  const transcriber = once(() =>
    llm
      ? createOpenAiTranscriber({
          ...llm,
          model: opts.llm?.transcribeModel ?? 'whisper-1',
          fetch: opts.fetch,
        })
      : null,
  );
  return {
    get crm() {
      return crm();
    },
    get whatsapp() {
      return whatsapp();
    },
    get model() {
      return model();
    },
    get transcriber() {
      return transcriber();
    },
    crmRequests: () => crmRequests,
  };
}

function crmClient(
  opts: TenantClientsOptions,
  tenant: Tenant,
  c: CachedTenant,
  log: Logger,
  fetch: TenantClientsOptions['fetch'],
) {
  const fallbackAuth = crmFallbackAuthOf(tenant, c.secrets);
  return createEspoClient({
    baseUrl: tenant.crmBaseUrl,
    auth: crmAuthOf(tenant, c.secrets),
    ...(fallbackAuth ? { fallbackAuth } : {}),
    ...crmExtrasOf(c.secrets),
    fetch,
    clock: opts.clock,
    logger: log,
    timeoutMs: opts.crmTimeoutMs ?? 10_000,
    tenant:
      tenant.crmMode === 'shared' && tenant.crmTenantField
        ? { field: tenant.crmTenantField, value: tenant.id }
        : null,
    defaultCountry: tenant.defaultCountry,
    state: c.espo,
  });
}

function llmSettings(opts: TenantClientsOptions, tenant: Tenant, s: Map<string, string>) {
  const apiKey = s.get(secretNames.llmApiKey) ?? opts.llm?.apiKey;
  if (!apiKey) return null;
  return {
    apiKey,
    baseURL: tenant.llmBaseUrl ?? opts.llm?.baseURL ?? null,
    model: tenant.llmModel ?? opts.llm?.model ?? 'gpt-4o-mini',
    timeoutMs: opts.llm?.timeoutMs ?? 20_000,
  };
}

/**
 * During a token rotation's grace period, a call the current token gets refused with (401/403:
 * nothing was done) is made once more with the previous token.
 */
function withFallback(current: GreenApiClient, previous: GreenApiClient | null, log: Logger): GreenApiClient {
  if (!previous) return current;
  return new Proxy(current, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        try {
          return await value.apply(target, args);
        } catch (e) {
          if (!(isAppError(e) && e.code === 'unauthorized')) throw e;
          log.warn('greenapi.credential_fallback', { method: String(prop) });
          return (Reflect.get(previous, prop) as (...a: unknown[]) => unknown).apply(previous, args);
        }
      };
    },
  });
}

/** Green-API as the pipeline's WhatsApp port. */
function whatsAppSender(green: GreenApiClient, clock: Clock): WhatsAppSender {
  return {
    sendMessage: (m) => green.sendMessage(m),
    async findSent(m) {
      // Green-API keeps what was sent through the API; a window a little wider than asked absorbs clock skew.
      const minutes = Math.max(1, Math.ceil((clock.now().getTime() - m.since.getTime()) / 60_000) + 1);
      const recent = await green.lastOutgoingMessages(minutes);
      // Not earlier than the outbox row itself (a minute of clock skew allowed); identical replies
      // already owned by other rows are told apart by the store.
      const sinceS = Math.floor(m.since.getTime() / 1000) - 60;
      return recent
        .filter((r) => r.chatId === m.chatId && r.textMessage === m.message && (r.timestamp ?? 0) >= sinceS)
        .sort((a, b) => (a.timestamp ?? 0) - (b.timestamp ?? 0))
        .map((r) => r.idMessage);
    },
    downloadFile: (url) => green.downloadFile(url),
    lastIncomingMessages: (minutes) => green.lastIncomingMessages(minutes),
  };
}
