import type { SupabaseClaims } from '@max/core/auth';
import type { WebChatRequest } from '@max/core/queue';
import { AppError, parseJsonWithin, readStreamCapped } from '@max/core/shared';
import type { Context } from 'hono';
import { z } from 'zod';
import { callAgent } from './agent-call.ts';
import type { Bindings, WorkerConfig } from './env.ts';
import { errorResponse } from './http-error.ts';
import { workerLogger } from './logger.ts';
import { PEOPLE_LIMIT_PERIOD_SECONDS, tenantOf, verifiedClaims } from './person-auth.ts';
import { allowed } from './rate-limit.ts';

type Ctx = Context<{ Bindings: Bindings; Variables: { requestId: string; config: WorkerConfig } }>;

const chatBody = z.object({
  text: z.string().trim().min(1).max(4000),
  /** A confirmation button: the pending action it was shown for, and the answer. */
  confirm: z
    .object({ ref: z.string().regex(/^[0-9a-f]{16}$/), yes: z.boolean() })
    .strict()
    .optional(),
});
type ChatBody = z.infer<typeof chatBody>;
/** A chat text is at most 4,000 characters: 16 KiB of JSON is plenty. */
const MAX_CHAT_BODY_BYTES = 16 * 1024;
/** The period of RL_WEBCHAT_USER / RL_WEBCHAT_TENANT in wrangler.toml: the longest wait. */
export const WEBCHAT_LIMIT_PERIOD_SECONDS = PEOPLE_LIMIT_PERIOD_SECONDS;

/**
 * (user, tenant) pairs the agent refused as not a member lately: their token names the tenant (it
 * was issued before the membership was removed), so the edge refuses them for a minute without
 * charging the tenant's budget again. Per isolate, bounded.
 */
const refusedMembers = new Map<string, number>();
const REFUSED_MEMBERS_MAX = 10_000;

function recentlyRefused(key: string, now: number): boolean {
  const until = refusedMembers.get(key);
  if (until === undefined) return false;
  if (until > now) return true;
  refusedMembers.delete(key);
  return false;
}

function rememberRefused(key: string, now: number): void {
  if (refusedMembers.size >= REFUSED_MEMBERS_MAX) {
    const oldest = refusedMembers.keys().next().value;
    if (oldest !== undefined) refusedMembers.delete(oldest);
  }
  refusedMembers.set(key, now + WEBCHAT_LIMIT_PERIOD_SECONDS * 1000);
}

async function readBody(req: Request): Promise<ChatBody> {
  const bytes = await readStreamCapped(req.body, MAX_CHAT_BODY_BYTES);
  if (!bytes) throw new AppError('payload_too_large', `Body over ${MAX_CHAT_BODY_BYTES} bytes`);
  const body = chatBody.safeParse(parseJsonWithin(new TextDecoder().decode(bytes)));
  if (!body.success)
    throw new AppError('validation', `Invalid field ${body.error.issues[0]?.path.join('.') || 'text'}`);
  return body.data;
}

/**
 * POST /api/chat: the web chat. The user is proven by their Supabase Auth token, the tenant is
 * named by X-Tenant and must be the one the token carries (the access token hook's `tenant_id`):
 * anyone else gets 403 before any budget is charged, so strangers cannot spend a tenant's. Then the
 * user's and the tenant's limits, and the agent checks membership and role in tenant_members (the
 * token may be stale) before running the same agent as WhatsApp, synchronously.
 */
export async function chatRoute(c: Ctx): Promise<Response> {
  const config = c.get('config');
  const requestId = c.get('requestId');
  const log = workerLogger(config.LOG_LEVEL).child({ requestId, route: 'chat' });
  let claims: SupabaseClaims;
  try {
    claims = await verifiedClaims(config, c.req.header('authorization'));
  } catch (e) {
    log.info('chat.unauthorized', { reason: (e as Error).message });
    return errorResponse(c, e);
  }
  const checked = tenantOf(claims, c.req.header('x-tenant'));
  if (!checked.ok && checked.reason === 'no_header') return errorResponse(c, checked.error);
  // The header is a well-formed tenant id here (tenantOf refused it otherwise).
  const tenantId = c.req.header('x-tenant')!;
  const userId = claims.sub;
  const member = `${userId}\n${tenantId}`;
  if (!checked.ok || recentlyRefused(member, Date.now())) {
    const reason = checked.ok ? 'refused_lately' : checked.reason;
    log.info('chat.not_member', { tenantId: tenantId, reason });
    return errorResponse(
      c,
      checked.ok ? new AppError('forbidden', 'Not a member of this tenant') : checked.error,
    );
  }
  // The user's own limit first, so one user cannot spend the whole tenant's budget on refusals.
  const limited =
    !(await allowed(c.env.RL_WEBCHAT_USER, userId, log, requestId)) ||
    !(await allowed(c.env.RL_WEBCHAT_TENANT, tenantId, log, requestId));
  if (limited) {
    log.info('chat.rate_limited', { tenantId: tenantId });
    return errorResponse(c, new AppError('rate_limited', 'Too many messages, try again in a minute'), {
      'retry-after': String(WEBCHAT_LIMIT_PERIOD_SECONDS),
    });
  }
  let body: ChatBody;
  try {
    body = await readBody(c.req.raw);
  } catch (e) {
    return errorResponse(c, e);
  }
  const job: WebChatRequest = {
    v: 1,
    kind: 'chat',
    requestId,
    userId,
    tenantId: tenantId,
    text: body.text,
    ...(body.confirm ? { confirm: body.confirm } : {}),
  };
  try {
    const res = await callAgent(config, JSON.stringify(job), {
      requestId,
      timeoutMs: config.AGENT_TIMEOUT_MS,
    });
    log.info('chat', { tenantId: tenantId, status: res.status });
    if (res.status === 403) rememberRefused(member, Date.now());
    if (res.status === 401) {
      // The agent refused our signature (secrets differ): the user's token is not the problem.
      await res.body?.cancel();
      log.error('chat.agent_refused', { tenantId: tenantId });
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
