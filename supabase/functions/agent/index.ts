// Supabase Edge Function "agent": a thin Deno adapter around @max/core's pipeline.

import {
  createJsonLogger,
  createPostgresStore,
  createTenantClientsFactory,
  DEFAULT_MEDIA_HOSTS,
  handleAgentRequest,
  operateSettings,
  readBodyText,
  supabaseAuthAdmin,
  systemClock,
  toHttp,
} from '@max/core';
import postgres from 'postgres';
import { parseAgentEnv } from './env.ts';
import { agentFetch } from './fetch.ts';

const env = parseAgentEnv(Deno.env.toObject());
const logger = createJsonLogger({
  write: (l) => console.log(l),
  now: () => new Date(),
  level: env.LOG_LEVEL,
  base: { service: 'agent' },
});
// prepare:false works behind Supabase's transaction pooler as well as on a direct connection.
const connect = () =>
  postgres((env.DATABASE_URL ?? env.SUPABASE_DB_URL)!, {
    max: env.DB_POOL_MAX,
    prepare: false,
    // Locally (PGlite serves one connection) an idle agent lets go, so the tenant CLI can get in.
    ...(env.DB_IDLE_TIMEOUT_S ? { idle_timeout: env.DB_IDLE_TIMEOUT_S } : {}),
    connect_timeout: 10,
    onnotice: () => {},
  });
// A client that lost its connection is replaced rather than retried (see createPostgresStore).
const store = createPostgresStore({ sql: connect(), reconnect: connect, logger });
const fetcher = agentFetch();
const clients = createTenantClientsFactory({
  keyring: env.MAX_SECRET_KEYS,
  fetch: fetcher,
  clock: systemClock,
  logger,
  llm: env.OPENAI_API_KEY
    ? {
        apiKey: env.OPENAI_API_KEY,
        baseURL: env.OPENAI_BASE_URL ?? null,
        model: env.OPENAI_MODEL,
        transcribeModel: env.OPENAI_TRANSCRIBE_MODEL,
        timeoutMs: env.MODEL_TIMEOUT_MS,
      }
    : null,
  crmTimeoutMs: env.CRM_TIMEOUT_MS,
  reloadSecrets: async (tenantId) => (await store.tenantContext(tenantId))?.secrets ?? [],
  // Green-API's media hosts, plus any origin the operator adds (the local stand-in in `npm run dev`).
  mediaHosts: [...DEFAULT_MEDIA_HOSTS, ...(env.MEDIA_HOSTS ?? [])],
});
const deps = {
  store,
  clock: systemClock,
  logger,
  agentSecret: env.AGENT_SHARED_SECRET,
  clients,
  // The console's invitations (Supabase Auth's admin API, with the project's secret key).
  ...(env.SUPABASE_URL && env.SUPABASE_SERVICE_ROLE_KEY
    ? {
        authAdmin: supabaseAuthAdmin({
          url: env.SUPABASE_URL,
          secretKey: env.SUPABASE_SERVICE_ROLE_KEY,
          fetch: fetcher,
        }),
      }
    : {}),
  // The operator API and tenant health: the same core functions as `npm run tenant`.
  operate: {
    sql: store.operate,
    keyring: env.MAX_SECRET_KEYS,
    fetch: fetcher,
    clock: systemClock,
    logger,
    settings: operateSettings({
      alertWebhookUrl: env.ALERT_WEBHOOK_URL ?? null,
      auditRetentionDays: env.AUDIT_RETENTION_DAYS,
      deletionGraceDays: env.DELETION_GRACE_DAYS,
      rotationGraceHours: env.ROTATION_GRACE_HOURS,
    }),
  },
  burstWindowMs: env.BURST_WINDOW_MS,
  settleMs: env.BURST_SETTLE_MS,
  sentJournalLagMs: env.SENT_JOURNAL_LAG_MS,
  reorderWindowMs: env.REORDER_WINDOW_MS,
  backlogLagMs: env.BACKLOG_LAG_MS,
};

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

export const handler = async (req: Request): Promise<Response> => {
  if (req.method === 'GET') {
    // Health: the Worker's /api/health asks this; it proves the database answers too.
    try {
      await store.ping();
      return json(200, {
        ok: true,
        service: 'agent',
        db: 'ok',
        model: env.OPENAI_API_KEY ? 'openai' : 'rules',
      });
    } catch {
      return json(503, { ok: false, service: 'agent', db: 'down' });
    }
  }
  if (req.method !== 'POST') return json(405, { error: { code: 'method_not_allowed', message: 'Use POST' } });
  // Capped before the signature check: an unsigned sender must not make us buffer a large body.
  const body = await readBodyText(req, env.AGENT_MAX_BODY_BYTES).catch(toHttp);
  if (typeof body !== 'string') {
    logger.warn('agent.rejected', { status: body.status, code: body.body.error.code });
    return json(body.status, body.body);
  }
  const res = await handleAgentRequest(deps, { headers: req.headers, body });
  if (res.raw)
    return new Response(res.raw.body, {
      status: res.status,
      headers: {
        'content-type': res.raw.contentType,
        'content-disposition': `attachment; filename="${res.raw.fileName}"`,
        ...res.headers,
      },
    });
  return json(res.status, res.body, res.headers);
};

Deno.serve({ port: Number(Deno.env.get('PORT') ?? 8000), onListen: () => {} }, handler);
