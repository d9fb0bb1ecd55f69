import { webhookCredentials } from '@max/core/greenapi/webhook';
import { type AdminRequest, adminCommandOf, matchAdminRoute, presentedKey } from '@max/core/queue';
import { AppError, parseJsonWithin, readStreamCapped } from '@max/core/shared';
import type { Context } from 'hono';
import { callAgent } from './agent-call.ts';
import type { Bindings, WorkerConfig } from './env.ts';
import { errorResponse } from './http-error.ts';
import { workerLogger } from './logger.ts';
import { allowed } from './rate-limit.ts';

type Ctx = Context<{ Bindings: Bindings; Variables: { requestId: string; config: WorkerConfig } }>;

/** Operator bodies are settings and secrets: 64 KiB is plenty. */
const MAX_ADMIN_BODY_BYTES = 64 * 1024;
/** The period of RL_ADMIN in wrangler.toml. */
export const ADMIN_LIMIT_PERIOD_SECONDS = 60;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

async function readJson(req: Request): Promise<unknown> {
  const bytes = await readStreamCapped(req.body, MAX_ADMIN_BODY_BYTES);
  if (!bytes) throw new AppError('payload_too_large', `Body over ${MAX_ADMIN_BODY_BYTES} bytes`);
  const text = new TextDecoder().decode(bytes).trim();
  if (!text) return undefined;
  const type = req.headers.get('content-type') ?? '';
  if (!/^application\/json\b/i.test(type))
    throw new AppError('unsupported_media_type', 'Send the body as application/json');
  const value = parseJsonWithin(text);
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new AppError('validation', 'The body must be a JSON object');
  return value;
}

/**
 * /api/admin/…: the operator API. The edge checks the key's shape (never its validity: the agent
 * does, in the database), the caller's rate, the route and its input, then forwards one signed
 * admin job with the key's id and hash (the key itself goes no further) and relays the answer. The
 * webhook token of a tenant's instance is derived here: GREENAPI_WEBHOOK_SECRET never leaves the edge.
 */
export async function adminRoute(c: Ctx): Promise<Response> {
  const config = c.get('config');
  const requestId = c.get('requestId');
  const log = workerLogger(config.LOG_LEVEL).child({ requestId, route: 'admin' });
  const url = new URL(c.req.url);
  const match = matchAdminRoute(c.req.method, url.pathname);
  if (match.kind === 'none') return errorResponse(c, new AppError('not_found', 'No such admin route'));
  if (match.kind === 'method') {
    c.header('allow', match.allowed.join(', '));
    return errorResponse(c, new AppError('method_not_allowed', `Use ${match.allowed.join(', ')}`));
  }
  const key = await presentedKey(c.req.header('authorization'));
  if (!key) {
    log.info('admin.unauthorized', { action: match.route.action });
    c.header('www-authenticate', 'Bearer realm="max-admin"');
    return errorResponse(
      c,
      new AppError('unauthorized', 'An operator key is required (Authorization: Bearer mxop_…)'),
    );
  }
  if (!(await allowed(c.env.RL_ADMIN, key.id, log, requestId))) {
    log.info('admin.rate_limited', { keyId: key.id });
    return errorResponse(c, new AppError('rate_limited', 'Too many operator calls, try again in a minute'), {
      'retry-after': String(ADMIN_LIMIT_PERIOD_SECONDS),
    });
  }
  const idempotencyKey = c.req.header('idempotency-key');
  if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey))
    return errorResponse(
      c,
      new AppError('validation', 'Idempotency-Key: 1 to 200 printable ASCII characters'),
    );
  let body: unknown;
  try {
    body = match.route.body ? await readJson(c.req.raw) : undefined;
  } catch (e) {
    return errorResponse(c, e);
  }
  const parsed = adminCommandOf(match, url.searchParams, body, new Date());
  if (!parsed.ok) {
    const first = parsed.issues[0];
    return errorResponse(
      c,
      new AppError('validation', `Invalid ${first?.path || 'input'}: ${first?.message ?? 'invalid'}`, {
        details: { issues: parsed.issues },
      }),
    );
  }
  const job: AdminRequest = {
    v: 1,
    kind: 'admin',
    requestId,
    key,
    command: parsed.command,
    ...(idempotencyKey ? { idempotencyKey } : {}),
  };
  let res: Response;
  try {
    res = await callAgent(config, JSON.stringify(job), { requestId, timeoutMs: config.AGENT_TIMEOUT_MS });
  } catch {
    return errorResponse(c, new AppError('unavailable', 'MAX is unavailable, try again'));
  }
  log.info('admin', { action: job.command.action, keyId: job.key.id, status: res.status });
  if (res.status === 401) {
    const answer = (await res.json().catch(() => null)) as {
      error?: { details?: { refused?: string } };
    } | null;
    // The agent refused the operator's key, or our signature (the secrets differ: not the caller's fault).
    if (answer?.error?.details?.refused === 'operator_key') return c.json(answer, 401);
    log.error('admin.agent_refused', { action: job.command.action });
    return errorResponse(c, new AppError('unavailable', 'MAX is unavailable, try again'));
  }
  if (job.command.action === 'tenant.webhook' && res.ok) {
    const answer = (await res.json()) as { tenantId: string; idInstance: string };
    return c.json({
      tenantId: answer.tenantId,
      idInstance: answer.idInstance,
      ...(await webhookCredentials(config.GREENAPI_WEBHOOK_SECRET, answer.idInstance, url.origin)),
      set: 'on the Green-API instance (console, or SetSettings webhookUrl and webhookUrlToken)',
    });
  }
  const headers = new Headers({ 'x-request-id': requestId });
  for (const h of ['content-type', 'content-disposition', 'retry-after']) {
    const v = res.headers.get(h);
    if (v) headers.set(h, v);
  }
  return new Response(res.body, { status: res.status, headers });
}
