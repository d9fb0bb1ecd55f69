import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
/**
 * A real pipeline for tests: Postgres (PGlite, or DATABASE_URL), the EspoCRM and Green-API
 * stand-ins over HTTP, tenants seeded with encrypted secrets, and handleAgentRequest called exactly as
 * the agent function calls it (signed body, headers).
 */
import {
  createMemoryLogger,
  createPostgresStore,
  createTenantClientsFactory,
  encryptSecret,
  type FetchLike,
  handleAgentRequest,
  type Keyring,
  type OperateDeps,
  operateSettings,
  type PipelineDeps,
  type PipelineResponse,
  presentedKey,
  secretAad,
  signInternal,
  systemClock,
} from '@max/core';
import {
  createTestDatabase,
  incomingText,
  startEspoStandIn,
  startGreenApiStandIn,
  startOpenAiStandIn,
} from '@max/sandbox';

export const AGENT_SECRET = 'test-agent-shared-secret-0123456789abcdef';
export const keyring: Keyring = {
  activeKeyId: 'k1',
  keys: { k1: btoa(String.fromCharCode(...new Uint8Array(32).fill(7))) },
};

export interface TenantSeed {
  id: string;
  idInstance: string;
  crmUrl: string;
  mode?: 'dedicated' | 'shared';
  admin?: string;
  member?: string;
  locale?: 'fr' | 'en';
  llmBaseUrl?: string | null;
  groupsEnabled?: boolean;
  groupCrmData?: boolean;
  chatMessagesPerMinute?: number;
}

export type OpenAiStandIn = Awaited<ReturnType<typeof startOpenAiStandIn>>;

export async function startHarness(
  opts: {
    model?: Parameters<typeof startOpenAiStandIn>[0]['script'];
    /** How the OpenAI stand-in hears voice notes (default: their bytes read as text). */
    transcribe?: Parameters<typeof startOpenAiStandIn>[0]['transcribe'];
    /** 'infra': the EspoCRM stand-in has infra/scaleway-espocrm's customisations (DiagnosticIA, MissionMAX, cTenantId). */
    customizations?: 'infra';
    /** The EspoCRM stand-in's install settings (currencies, time zone) and language. */
    espo?: Pick<Parameters<typeof startEspoStandIn>[0] & object, 'settings' | 'language'>;
    /** The operator's side's settings (admin API, health). */
    operate?: Parameters<typeof operateSettings>[0];
  } = {},
) {
  const db = await createTestDatabase();
  const espo = await startEspoStandIn({
    port: 0,
    ...(opts.customizations ? { customizations: opts.customizations } : {}),
    ...opts.espo,
  });
  const green = await startGreenApiStandIn({ port: 0 });
  const openai = opts.model
    ? await startOpenAiStandIn({
        port: 0,
        script: opts.model,
        apiKey: 'sk-test',
        ...(opts.transcribe ? { transcribe: opts.transcribe } : {}),
      })
    : null;
  const logger = createMemoryLogger('debug');
  /** Tests swap this to inject failures between the agent and its downstreams. */
  let fetchImpl: FetchLike = (input, init) => fetch(input, init);
  const fetchProxy: FetchLike = (input, init) => fetchImpl(input, init);
  const store = createPostgresStore({ sql: db.sql, logger });
  const deps: PipelineDeps = {
    store,
    clock: systemClock,
    logger,
    agentSecret: AGENT_SECRET,
    leaseMs: 60_000,
    // Most suites test one message at a time; the ordering suites set their own windows.
    burstWindowMs: 0,
    reorderWindowMs: 0,
    orderWaitMs: 5_000,
    // The Green-API stand-in lists a sent message at once (the real journal lags).
    sentJournalLagMs: 0,
    clients: createTenantClientsFactory({
      keyring,
      fetch: fetchProxy,
      clock: systemClock,
      logger,
      llm: openai
        ? {
            apiKey: 'sk-test',
            baseURL: `${openai.url}/v1`,
            model: 'gpt-test',
            transcribeModel: 'whisper-1',
            timeoutMs: 5000,
          }
        : null,
      reloadSecrets: async (tenantId) => (await store.tenantContext(tenantId))?.secrets ?? [],
      // Voice notes are served by the Green-API stand-in over http://127.0.0.1: allowed by origin.
      mediaHosts: [green.url],
    }),
  };

  /** The operator's side, as the agent function wires it (the same store, keyring and fetch). */
  const operate: OperateDeps = {
    sql: store.operate,
    keyring,
    fetch: fetchProxy,
    clock: systemClock,
    logger,
    settings: operateSettings({ checkTimeoutMs: 3000, ...opts.operate }),
  };
  deps.operate = operate;

  async function seedTenant(t: TenantSeed) {
    await db.admin`
      insert into tenants (id, name, status, locale, timezone, default_country, green_api_instance_id, green_api_url,
                           crm_mode, crm_base_url, crm_auth_mode, crm_tenant_field, human_pause_minutes)
      values (${t.id}, ${`Tenant ${t.id}`}, 'active', ${t.locale ?? 'fr'}, 'Europe/Paris', 'FR', ${t.idInstance}, ${green.url},
              ${t.mode ?? 'dedicated'}, ${t.crmUrl}, 'apikey', ${t.mode === 'shared' ? 'cTenantId' : null}, 30)`;
    await db.admin`
      update tenants set groups_enabled = ${t.groupsEnabled ?? false}, group_crm_data = ${t.groupCrmData ?? false},
                         chat_messages_per_minute = ${t.chatMessagesPerMinute ?? 20}
       where id = ${t.id}`;
    const secrets: Record<string, string> = {
      crm_api_key: espo.apiKey,
      // An EspoCRM admin user: the Field Manager, layouts and rebuild need one (API users never are).
      crm_admin_username: espo.credentials.adminUser,
      crm_admin_password: espo.credentials.adminPassword,
      greenapi_token: green.tokenFor(t.idInstance),
    };
    for (const [name, value] of Object.entries(secrets)) {
      const ciphertext = await encryptSecret(keyring, value, secretAad(t.id, name));
      await db.admin`insert into tenant_secrets (tenant_id, name, key_id, ciphertext) values (${t.id}, ${name}, ${keyring.activeKeyId}, ${ciphertext})`;
    }
    if (t.admin)
      await db.admin`insert into whatsapp_senders (tenant_id, chat_id, role) values (${t.id}, ${t.admin}, 'admin')`;
    if (t.member)
      await db.admin`insert into whatsapp_senders (tenant_id, chat_id, role) values (${t.id}, ${t.member}, 'member')`;
  }

  async function deliver(
    event: unknown,
    kind: 'inbound' | 'human_active' | 'throttled' = 'inbound',
    extra: Record<string, unknown> = {},
  ): Promise<PipelineResponse> {
    const body = JSON.stringify({
      v: 1,
      kind,
      requestId: crypto.randomUUID(),
      receivedAt: new Date().toISOString(),
      event,
      ...extra,
    });
    const headers = new Headers(await signInternal(AGENT_SECRET, body, new Date()));
    return handleAgentRequest(deps, { headers, body });
  }

  /** An operator's API call as the Worker forwards it: the key's id and hash, the command, signed. */
  async function admin(
    key: string,
    command: Record<string, unknown>,
    o: { idempotencyKey?: string } = {},
  ): Promise<PipelineResponse> {
    const presented = await presentedKey(`Bearer ${key}`);
    if (!presented) throw new Error(`not an operator key: ${key}`);
    const body = JSON.stringify({
      v: 1,
      kind: 'admin',
      requestId: crypto.randomUUID(),
      key: presented,
      command,
      ...(o.idempotencyKey ? { idempotencyKey: o.idempotencyKey } : {}),
    });
    const headers = new Headers(await signInternal(AGENT_SECRET, body, new Date()));
    return handleAgentRequest(deps, { headers, body });
  }

  /** The cron's health run, as the Worker asks for it. */
  async function health(limit = 200): Promise<PipelineResponse> {
    const body = JSON.stringify({ v: 1, kind: 'health', requestId: `health-${crypto.randomUUID()}`, limit });
    const headers = new Headers(await signInternal(AGENT_SECRET, body, new Date()));
    return handleAgentRequest(deps, { headers, body });
  }

  /** Redelivers like the queue does on a retry (5xx) or a deferral (202), until a final answer. */
  async function deliverUntilSettled(
    event: unknown,
    max = 12,
    extra: Record<string, unknown> = {},
  ): Promise<{ responses: PipelineResponse[] }> {
    const responses: PipelineResponse[] = [];
    for (let i = 0; i < max; i++) {
      const r = await deliver(event, 'inbound', extra);
      responses.push(r);
      if (r.status < 500 && r.status !== 202) break;
      // A deferral comes back later (the queue waits Retry-After; a short pause stands for it here).
      if (r.status === 202) await new Promise((done) => setTimeout(done, 250));
    }
    return { responses };
  }

  /**
   * The agent endpoint over HTTP, as the tenant CLI (replay) reaches it. `overloaded`: its first
   * answers are 503 (Retry-After: 1), as an agent under load (a database busy, a cold start) gives.
   */
  async function agentServer(o: { overloaded?: number } = {}): Promise<{ url: string; close: () => void }> {
    let refuse = o.overloaded ?? 0;
    const server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      if (refuse-- > 0) {
        res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '1' });
        res.end(JSON.stringify({ outcome: 'retry', reason: 'overloaded' }));
        return;
      }
      const headers = new Headers(req.headers as Record<string, string>);
      const out = await handleAgentRequest(deps, { headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(out.status, { 'content-type': 'application/json', ...out.headers });
      res.end(JSON.stringify(out.body));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      close: () => server.close(),
    };
  }

  const text = (idInstance: string, chatId: string, message: string, idMessage?: string) =>
    incomingText({ idInstance, chatId, text: message, ...(idMessage ? { idMessage } : {}) });

  return {
    db,
    espo,
    green,
    openai,
    logger,
    deps,
    operate,
    store,
    seedTenant,
    deliver,
    admin,
    health,
    deliverUntilSettled,
    agentServer,
    text,
    setFetch(f: FetchLike) {
      fetchImpl = f;
    },
    async close() {
      await Promise.allSettled([espo.stop(), green.stop(), openai?.stop(), store.close()]);
      await db.close();
    },
  };
}

export type Harness = Awaited<ReturnType<typeof startHarness>>;
