import { supabaseAuthEndpoints, supabaseJwks, verifySupabaseJwt } from '@max/core/auth';
import type { WebChatRequest } from '@max/core/queue';
import { AppError, parseJsonWithin, readStreamCapped } from '@max/core/shared';
import type { Context } from 'hono';
import { z } from 'zod';
import { callAgent } from './agent-call.ts';
import type { Bindings, WorkerConfig } from './env.ts';
import { errorResponse } from './http-error.ts';
import { workerLogger } from './logger.ts';
import { allowed } from './rate-limit.ts';

type Ctx = Context<{ Bindings: Bindings; Variables: { requestId: string; config: WorkerConfig } }>;

const chatBody = z.object({ text: z.string().trim().min(1).max(4000) });
const tenantHeader = z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/);
/** A chat text is at most 4,000 characters: 16 KiB of JSON is plenty. */
const MAX_CHAT_BODY_BYTES = 16 * 1024;
/** The period of RL_WEBCHAT_USER / RL_WEBCHAT_TENANT in wrangler.toml: the longest wait. */
export const WEBCHAT_LIMIT_PERIOD_SECONDS = 60;

async function verifiedUser(config: WorkerConfig, authorization: string | undefined): Promise<string> {
  const token = authorization?.replace(/^Bearer\s+/i, '').trim();
  if (!token) throw new AppError('unauthorized', 'Missing bearer token');
  if (!config.SUPABASE_URL) throw new AppError('unavailable', 'Web chat not configured');
  const { issuer, jwksUrl } = supabaseAuthEndpoints(config.SUPABASE_URL);
  const claims = await verifySupabaseJwt(
    token,
    {
      issuer,
      audience: config.SUPABASE_JWT_AUDIENCE,
      hs256Secret: config.SUPABASE_JWT_SECRET ?? null,
      jwks: supabaseJwks(jwksUrl, { cooldownMs: config.SUPABASE_JWKS_COOLDOWN_SECONDS * 1000 }),
    },
    new Date(),
  );
  return claims.sub;
}

async function readText(req: Request): Promise<string> {
  const bytes = await readStreamCapped(req.body, MAX_CHAT_BODY_BYTES);
  if (!bytes) throw new AppError('payload_too_large', `Body over ${MAX_CHAT_BODY_BYTES} bytes`);
  const body = chatBody.safeParse(parseJsonWithin(new TextDecoder().decode(bytes)));
  if (!body.success)
    throw new AppError('validation', `Invalid field ${body.error.issues[0]?.path.join('.') || 'text'}`);
  return body.data.text;
}

/**
 * POST /api/chat: the web chat. The user is proven by their Supabase Auth token, the tenant is
 * named by X-Tenant, both are rate-limited, and the agent checks membership and role in
 * tenant_members before running the same agent as WhatsApp, synchronously.
 */
export async function chatRoute(c: Ctx): Promise<Response> {
  const config = c.get('config');
  const requestId = c.get('requestId');
  const log = workerLogger(config.LOG_LEVEL).child({ requestId, route: 'chat' });
  let userId: string;
  try {
    userId = await verifiedUser(config, c.req.header('authorization'));
  } catch (e) {
    log.info('chat.unauthorized', { reason: (e as Error).message });
    return errorResponse(c, e);
  }
  const tenant = tenantHeader.safeParse(c.req.header('x-tenant'));
  if (!tenant.success)
    return errorResponse(c, new AppError('bad_request', 'X-Tenant header with a tenant id is required'));
  // The user's own limit first, so one user cannot spend the whole tenant's budget on refusals.
  const limited =
    !(await allowed(c.env.RL_WEBCHAT_USER, userId, log, requestId)) ||
    !(await allowed(c.env.RL_WEBCHAT_TENANT, tenant.data, log, requestId));
  if (limited) {
    log.info('chat.rate_limited', { tenantId: tenant.data });
    return errorResponse(c, new AppError('rate_limited', 'Too many messages, try again in a minute'), {
      'retry-after': String(WEBCHAT_LIMIT_PERIOD_SECONDS),
    });
  }
  let text: string;
  try {
    text = await readText(c.req.raw);
  } catch (e) {
    return errorResponse(c, e);
  }
  const job: WebChatRequest = { v: 1, kind: 'chat', requestId, userId, tenantId: tenant.data, text };
  try {
    const res = await callAgent(config, JSON.stringify(job), {
      requestId,
      timeoutMs: config.AGENT_TIMEOUT_MS,
    });
    log.info('chat', { tenantId: tenant.data, status: res.status });
    if (res.status === 401) {
      // The agent refused our signature (secrets differ): the user's token is not the problem.
      await res.body?.cancel();
      log.error('chat.agent_refused', { tenantId: tenant.data });
      return errorResponse(c, new AppError('unavailable', 'The assistant is unavailable, try again'));
    }
    return new Response(res.body, {
      status: res.status,
      headers: { 'content-type': 'application/json', 'x-request-id': requestId },
    });
  } catch {
    return errorResponse(c, new AppError('unavailable', 'The assistant is unavailable, try again'));
  }
}
