import { verifyInternal } from '../../../packages/core/src/queue/internal-auth.ts';

export interface Received {
  idMessage: string | null;
  kind: string;
  verified: boolean;
  requestId: string | null;
  /** The x-max-attempt header (queued work only). */
  attempt: string | null;
  userId?: string;
  tenantId?: string;
  /** dead_letter jobs: why, and the dead message's request id and deadReason. */
  reason?: string;
  deadRequestId?: string;
  /** Web chat: a confirmation button's answer. */
  confirm?: unknown;
  /** Console jobs: the person's claims and the request. */
  claims?: Record<string, unknown>;
  request?: Record<string, unknown>;
  /** admin jobs: the key as forwarded (id and hash), the command, the Idempotency-Key. */
  key?: { id: string; hash: string };
  command?: Record<string, unknown>;
  idempotencyKey?: string;
  /** The raw body, to check what it does not carry. */
  raw?: string;
  /** The earlier messages of the same chat in the same queue batch (only when there are some). */
  awaits?: string[];
  /** scheduled jobs: the item the queue delivered. */
  itemId?: string;
}

/**
 * Runs in Node (Miniflare's outbound service): the world as the Worker sees it.
 *
 * http://agent.test/… is the agent endpoint. It checks the signature with core's verifier,
 * records what arrived (read at /__received, cleared by /__reset), and answers by scenario,
 * chosen by the webhook's idMessage prefix: AGENT503- (503), AGENT503RA- (503 + Retry-After: 45),
 * AGENT202- (202 + Retry-After: 7, a defer), AGENT401- (401, as when the secrets differ),
 * AGENT400- (400), AGENT404- (404), AGENTHANG- (answers after 5 s), else 200. A dead_letter job
 * whose message's idMessage starts with DLQDOWN- gets 503. Any path ending in /down answers 500,
 * in /hang after 5 s.
 *
 * Admin jobs: a key whose id is dead00000000 is refused as the agent refuses an unknown key (401,
 * details.refused operator_key); tenant.webhook answers instance 1101000001; data.export answers an
 * NDJSON document; anything else echoes the command.
 *
 * http://supabase.test/auth/v1/.well-known/jwks.json is the Supabase project's JWKS, replaced by
 * POSTing a key set to http://supabase.test/__jwks (the key rotation of the tests).
 */
/** What every schedule_tick answers as due (two tenants; the second item fails once). */
export const SCHEDULED_DUE = [
  { tenantId: 'acme', itemId: '00000000-0000-4000-8000-00000000a001', kind: 'reminder.task' },
  { tenantId: 'globex', itemId: '00000000-0000-4000-8000-00000000b503', kind: 'report.weekly' },
];

export function agentStandIn(secret: string) {
  const received: Received[] = [];
  let jwks: { keys: unknown[] } = { keys: [] };
  let jwksFetches = 0;
  return async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    if (url.host === 'unreachable.test') throw new TypeError('connection refused');
    if (url.host === 'supabase.test') {
      if (url.pathname === '/__jwks' && request.method === 'POST') {
        jwks = (await request.json()) as { keys: unknown[] };
        return Response.json({ ok: true });
      }
      if (url.pathname === '/__jwks_fetches') return Response.json({ fetches: jwksFetches });
      if (url.pathname === '/auth/v1/.well-known/jwks.json') {
        jwksFetches++;
        return Response.json(jwks);
      }
      return new Response('not found', { status: 404 });
    }
    if (url.host !== 'agent.test') return new Response('no network in tests', { status: 502 });
    if (url.pathname === '/__received') return Response.json(received);
    if (url.pathname === '/__reset') {
      received.length = 0;
      return Response.json({ ok: true });
    }
    if (url.pathname.endsWith('/down')) return Response.json({ error: 'down' }, { status: 500 });
    if (url.pathname.endsWith('/hang')) {
      await new Promise((r) => setTimeout(r, 5000));
      return Response.json({ late: true });
    }
    // Health probe: the Worker must ask with ?health=1 (the agent's cheap path).
    if (request.method === 'GET') {
      return url.searchParams.get('health') === '1'
        ? Response.json({ ok: true, service: 'agent' })
        : Response.json({ error: 'not a health probe' }, { status: 400 });
    }
    const body = await request.text();
    let verified = true;
    try {
      await verifyInternal(secret, body, request.headers, new Date());
    } catch {
      verified = false;
    }
    const msg = JSON.parse(body) as {
      kind: string;
      event?: { idMessage?: string };
      userId?: string;
      tenantId?: string;
      text?: string;
      reason?: string;
      message?: { requestId: string; event: { idMessage?: string } };
      confirm?: unknown;
      claims?: Record<string, unknown>;
      request?: Record<string, unknown>;
      key?: { id: string; hash: string };
      command?: Record<string, unknown>;
      idempotencyKey?: string;
      awaits?: string[];
      itemId?: string;
    };
    const idMessage = msg.event?.idMessage ?? msg.message?.event.idMessage ?? null;
    received.push({
      idMessage,
      kind: msg.kind,
      verified,
      requestId: request.headers.get('x-request-id'),
      attempt: request.headers.get('x-max-attempt'),
      ...(msg.userId ? { userId: msg.userId, tenantId: msg.tenantId } : {}),
      ...(msg.kind === 'dead_letter' ? { reason: msg.reason, deadRequestId: msg.message?.requestId } : {}),
      ...(msg.confirm ? { confirm: msg.confirm } : {}),
      ...(msg.kind === 'console' ? { claims: msg.claims, request: msg.request } : {}),
      ...(msg.kind === 'admin'
        ? {
            key: msg.key!,
            command: msg.command!,
            ...(msg.idempotencyKey ? { idempotencyKey: msg.idempotencyKey } : {}),
            raw: body,
          }
        : {}),
      ...(msg.awaits ? { awaits: msg.awaits } : {}),
      ...(msg.kind === 'scheduled' ? { tenantId: msg.tenantId, itemId: msg.itemId } : {}),
    });
    if (!verified) return Response.json({ error: 'bad signature' }, { status: 401 });
    // Web chat: the agent answers synchronously (membership is the agent's check: tenant "nope" has
    // none, a "closed-…" tenant only users whose id starts with 0000cafe).
    if (msg.kind === 'chat') {
      const member =
        msg.tenantId !== 'nope' &&
        (!msg.tenantId?.startsWith('closed-') || msg.userId?.startsWith('0000cafe'));
      return !member
        ? Response.json(
            { error: { code: 'forbidden', message: 'Not a member of this tenant' } },
            { status: 403 },
          )
        : Response.json({ reply: `réponse à: ${msg.text}` });
    }
    // Console: the agent runs it as the person; here it echoes what it was asked (an op named
    // "pending" of a viewer is refused, as the database would).
    if (msg.kind === 'console')
      return msg.claims?.tenant_role === 'viewer' && msg.request?.op === 'pending'
        ? Response.json(
            { error: { code: 'forbidden', message: 'Not allowed for your role' } },
            { status: 403 },
          )
        : Response.json({ echo: msg.request, as: msg.claims?.sub });
    if (msg.kind === 'admin') {
      if (msg.key?.id === 'dead00000000')
        return Response.json(
          {
            error: {
              code: 'unauthorized',
              message: 'Unknown or revoked operator key',
              details: { refused: 'operator_key' },
            },
          },
          { status: 401 },
        );
      if (msg.command?.action === 'tenant.webhook')
        return Response.json({
          tenantId: msg.command.tenantId,
          idInstance: '1101000001',
          webhookPath: '/webhooks/greenapi',
        });
      if (msg.command?.action === 'data.export')
        return new Response('{"format":"max-export","version":1}\n{"end":true}\n', {
          headers: {
            'content-type': 'application/x-ndjson; charset=utf-8',
            'content-disposition': 'attachment; filename="acme-export.ndjson"',
          },
        });
      return Response.json(
        { echo: msg.command },
        { status: msg.command?.action === 'tenant.create' ? 201 : 200 },
      );
    }
    // The scheduler: each tick answers the SCHEDULED_DUE items; a delivered item whose id ends in
    // 503 fails once (the queue retries it), the others are done.
    if (msg.kind === 'schedule_tick')
      return Response.json({ tenants: 2, planned: 0, due: SCHEDULED_DUE, failed: 0 });
    if (msg.kind === 'scheduled') {
      const tries = received.filter((r) => r.kind === 'scheduled' && r.itemId === msg.itemId).length;
      return msg.itemId?.endsWith('503') && tries === 1
        ? Response.json({ outcome: 'retry' }, { status: 503, headers: { 'retry-after': '1' } })
        : Response.json({ outcome: 'done', state: 'done' });
    }
    if (msg.kind === 'health') return Response.json({ checked: 2, ok: 2, degraded: 0, down: 0, failed: 0 });
    if (msg.kind === 'backstop')
      return Response.json({ instances: 1, seen: 0, processed: 0, duplicates: 0, skipped: 0, failed: 0 });
    if (msg.kind === 'dead_letter')
      return idMessage?.startsWith('DLQDOWN-')
        ? Response.json({ outcome: 'retry' }, { status: 503 })
        : Response.json({ outcome: 'done' });
    if (idMessage?.startsWith('AGENT503RA-'))
      return Response.json({ outcome: 'retry' }, { status: 503, headers: { 'retry-after': '45' } });
    if (idMessage?.startsWith('AGENT503-')) return Response.json({ outcome: 'retry' }, { status: 503 });
    if (idMessage?.startsWith('AGENT202-'))
      return Response.json(
        { outcome: 'defer', retryAfterSeconds: 7 },
        { status: 202, headers: { 'retry-after': '7' } },
      );
    if (idMessage?.startsWith('AGENT401-')) return Response.json({ error: 'bad signature' }, { status: 401 });
    if (idMessage?.startsWith('AGENT400-')) return Response.json({ outcome: 'reject' }, { status: 400 });
    if (idMessage?.startsWith('AGENT404-'))
      return Response.json({ error: 'unknown instance' }, { status: 404 });
    if (idMessage?.startsWith('AGENTHANG-')) await new Promise((r) => setTimeout(r, 5000));
    return Response.json({ outcome: 'done' });
  };
}
