import { signInternal, verifySupabaseJwt } from '@max/core';
import type { Context } from 'hono';
import { z } from 'zod';
import type { Bindings, WorkerConfig } from './env.ts';
import { workerLogger } from './logger.ts';

type Ctx = Context<{ Bindings: Bindings; Variables: { requestId: string; config: WorkerConfig } }>;

const chatBody = z.object({ text: z.string().trim().min(1).max(4000) });
const tenantHeader = z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/);

/**
 * POST /api/chat: the web chat. The user is proven by their Supabase Auth token, the tenant is
 * named by X-Tenant, and the agent checks membership and role in tenant_members before running
 * the same agent as WhatsApp, synchronously.
 */
export async function chatRoute(c: Ctx): Promise<Response> {
  const config = c.get('config');
  const requestId = c.get('requestId');
  const log = workerLogger(config.LOG_LEVEL).child({ requestId, route: 'chat' });
  const token = c.req.header('authorization')?.replace(/^Bearer\s+/i, '');
  if (!token) return c.json({ error: { code: 'unauthorized', message: 'Missing bearer token' } }, 401);
  let userId: string;
  try {
    const jwks = config.SUPABASE_JWKS ? (JSON.parse(config.SUPABASE_JWKS) as { keys: JsonWebKey[] }) : null;
    userId = (
      await verifySupabaseJwt(token, { hs256Secret: config.SUPABASE_JWT_SECRET ?? null, jwks }, new Date())
    ).sub;
  } catch (e) {
    log.info('chat.unauthorized', { reason: (e as Error).message });
    return c.json({ error: { code: 'unauthorized', message: 'Invalid or expired token' } }, 401);
  }
  const tenant = tenantHeader.safeParse(c.req.header('x-tenant'));
  if (!tenant.success)
    return c.json(
      { error: { code: 'bad_request', message: 'X-Tenant header with a tenant id is required' } },
      400,
    );
  let json: unknown;
  try {
    json = await c.req.json();
  } catch {
    return c.json({ error: { code: 'bad_request', message: 'Body is not valid JSON' } }, 400);
  }
  const body = chatBody.safeParse(json);
  if (!body.success)
    return c.json(
      {
        error: {
          code: 'validation',
          message: `Invalid field ${body.error.issues[0]?.path.join('.') || 'text'}`,
        },
      },
      400,
    );
  const payload = JSON.stringify({
    v: 1,
    kind: 'chat',
    requestId,
    userId,
    tenantId: tenant.data,
    text: body.data.text,
  });
  try {
    const res = await fetch(config.AGENT_URL, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-request-id': requestId,
        ...(await signInternal(config.AGENT_SHARED_SECRET, payload, new Date())),
      },
      body: payload,
      signal: AbortSignal.timeout(config.AGENT_TIMEOUT_MS),
    });
    log.info('chat', { tenantId: tenant.data, status: res.status });
    return new Response(res.body, { status: res.status, headers: { 'content-type': 'application/json' } });
  } catch {
    return c.json(
      { error: { code: 'unavailable', message: 'The assistant is unavailable, try again' } },
      503,
    );
  }
}
