import type { SupabaseClaims } from '@max/core/auth';
import { type ConsoleJob, type ConsoleOp, consoleOpSchema } from '@max/core/queue';
import { AppError, parseJsonWithin, readStreamCapped } from '@max/core/shared';
import type { Context } from 'hono';
import { callAgent } from './agent-call.ts';
import type { Bindings, WorkerConfig } from './env.ts';
import { errorResponse } from './http-error.ts';
import { workerLogger } from './logger.ts';
import { PEOPLE_LIMIT_PERIOD_SECONDS, tenantOf, verifiedClaims } from './person-auth.ts';
import { allowed } from './rate-limit.ts';

type Ctx = Context<{ Bindings: Bindings; Variables: { requestId: string; config: WorkerConfig } }>;

const MAX_BODY_BYTES = 8 * 1024;

/** GET /api/console/config: what the page needs to reach Supabase Auth (public values only). */
export function consoleConfigRoute(c: Ctx): Response {
  const config = c.get('config');
  if (!config.SUPABASE_URL || !config.SUPABASE_PUBLISHABLE_KEY)
    return errorResponse(c, new AppError('unavailable', 'Web access not configured'));
  c.header('cache-control', 'no-store');
  return c.json({ supabaseUrl: config.SUPABASE_URL, publishableKey: config.SUPABASE_PUBLISHABLE_KEY });
}

async function jsonBody(req: Request): Promise<unknown> {
  const bytes = await readStreamCapped(req.body, MAX_BODY_BYTES);
  if (!bytes) throw new AppError('payload_too_large', `Body over ${MAX_BODY_BYTES} bytes`);
  try {
    return parseJsonWithin(new TextDecoder().decode(bytes));
  } catch {
    throw new AppError('bad_request', 'Body is not JSON');
  }
}

/** The request a method and path ask for, before validation. */
async function requestOf(c: Ctx): Promise<unknown> {
  const path = c.req.path.slice('/api/console/'.length);
  const method = c.req.method;
  const memory = /^memory\/([^/]+)$/.exec(path);
  if (memory) {
    const key = decodeURIComponent(memory[1]!);
    if (method === 'PUT') {
      const body = (await jsonBody(c.req.raw)) as { value?: unknown } | null;
      return { op: 'memory.set', key, value: body?.value };
    }
    if (method === 'DELETE') return { op: 'memory.forget', key };
  }
  const team = /^team\/(senders|members)\/([^/]+)$/.exec(path);
  if (team) {
    const id = decodeURIComponent(team[2]!);
    const which = team[1] === 'senders' ? { op: 'sender', phone: id } : { op: 'member', userId: id };
    if (method === 'DELETE') return { ...which, op: `${which.op}.remove` };
    if (method === 'PUT') {
      const body = (await jsonBody(c.req.raw)) as Record<string, unknown> | null;
      return {
        role: body?.role,
        ...(body?.name ? { name: body.name } : {}),
        ...which,
        op: `${which.op}.set`,
      };
    }
  }
  if (method === 'POST' && path === 'team/invites') {
    const body = (await jsonBody(c.req.raw)) as Record<string, unknown> | null;
    // The invitation's link lands on this console (Supabase Auth also checks it against its allow-list).
    const redirectTo = `${new URL(c.req.url).origin}/`;
    return { op: 'member.invite', email: body?.email, role: body?.role, redirectTo };
  }
  if (method === 'POST' && path === 'tenants/choose') {
    const body = (await jsonBody(c.req.raw)) as Record<string, unknown> | null;
    return { op: 'tenant.choose', tenantId: body?.tenantId };
  }
  if (method === 'GET' && ['me', 'team', 'memory', 'pending', 'tenants', 'health'].includes(path))
    return { op: path };
  if (method === 'GET' && path === 'usage') {
    const month = c.req.query('month');
    return { op: 'usage', ...(month ? { month } : {}) };
  }
  if (method === 'GET' && path === 'activity') {
    const q = c.req.query();
    const pick = ['action', 'actor', 'from', 'to', 'before', 'limit'].filter((k) => q[k]);
    return { op: 'activity', ...Object.fromEntries(pick.map((k) => [k, q[k]])) };
  }
  throw new AppError('not_found', 'No such route');
}

/**
 * /api/console/…: the console's reads and writes. The person is proven by their Supabase Auth token
 * and X-Tenant must be the tenant it carries (403 before any budget is charged); then the person's
 * limit, then the agent runs the request as that person, so the database (RLS, tenant_members and
 * the person functions' role checks) decides what it reads and writes.
 */
export async function consoleRoute(c: Ctx): Promise<Response> {
  const config = c.get('config');
  const requestId = c.get('requestId');
  const log = workerLogger(config.LOG_LEVEL).child({ requestId, route: 'console' });
  let claims: SupabaseClaims;
  try {
    claims = await verifiedClaims(config, c.req.header('authorization'));
  } catch (e) {
    log.info('console.unauthorized', { reason: (e as Error).message });
    return errorResponse(c, e);
  }
  const tenant = tenantOf(claims, c.req.header('x-tenant'));
  if (!tenant.ok) {
    log.info('console.not_member', { reason: tenant.reason });
    return errorResponse(c, tenant.error);
  }
  if (!(await allowed(c.env.RL_CONSOLE_USER, claims.sub, log, requestId)))
    return errorResponse(c, new AppError('rate_limited', 'Too many requests, try again in a minute'), {
      'retry-after': String(PEOPLE_LIMIT_PERIOD_SECONDS),
    });
  let request: ConsoleOp;
  try {
    const parsed = consoleOpSchema.safeParse(await requestOf(c));
    if (!parsed.success)
      throw new AppError('validation', `Invalid ${parsed.error.issues[0]?.path.join('.') || 'request'}`);
    request = parsed.data;
  } catch (e) {
    return errorResponse(c, e);
  }
  const job: ConsoleJob = {
    v: 1,
    kind: 'console',
    requestId,
    claims: { ...claims, role: 'authenticated', tenant_id: tenant.tenantId },
    request,
  };
  try {
    const res = await callAgent(config, JSON.stringify(job), {
      requestId,
      timeoutMs: config.AGENT_TIMEOUT_MS,
    });
    log.info('console', { tenantId: tenant.tenantId, op: request.op, status: res.status });
    if (res.status === 401 || res.status >= 500) {
      await res.body?.cancel();
      return errorResponse(c, new AppError('unavailable', 'MAX is unavailable, try again'));
    }
    return new Response(res.body, {
      status: res.status,
      headers: { 'content-type': 'application/json', 'x-request-id': requestId, 'cache-control': 'no-store' },
    });
  } catch {
    return errorResponse(c, new AppError('unavailable', 'MAX is unavailable, try again'));
  }
}
