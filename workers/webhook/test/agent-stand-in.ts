import { verifyInternal } from '../../../packages/core/src/queue/internal-auth.ts';

interface Received {
  idMessage: string | null;
  kind: string;
  verified: boolean;
  requestId: string | null;
  userId?: string;
  tenantId?: string;
}

/**
 * Runs in Node (Miniflare's outbound service): the agent endpoint as the Worker sees it. It
 * checks the signature with core's verifier, records what arrived, and answers by scenario,
 * chosen by the webhook's idMessage prefix: AGENT500-, AGENT400-, AGENTHANG-, else 200.
 * Tests read the record at http://agent.test/__received.
 */
export function agentStandIn(secret: string) {
  const received: Received[] = [];
  return async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    if (url.host === 'unreachable.test') throw new TypeError('connection refused');
    if (url.host !== 'agent.test') return new Response('no network in tests', { status: 502 });
    if (url.pathname === '/__received') return Response.json(received);
    if (url.pathname === '/__reset') {
      received.length = 0;
      return Response.json({ ok: true });
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
    };
    const idMessage = msg.event?.idMessage ?? null;
    received.push({
      idMessage,
      kind: msg.kind,
      verified,
      requestId: request.headers.get('x-request-id'),
      ...(msg.userId ? { userId: msg.userId, tenantId: msg.tenantId } : {}),
    });
    if (!verified) return Response.json({ error: 'bad signature' }, { status: 401 });
    // Web chat: the agent answers synchronously (membership is the agent's check: tenant "nope" has none).
    if (msg.kind === 'chat') {
      return msg.tenantId === 'nope'
        ? Response.json(
            { error: { code: 'forbidden', message: 'Not a member of this tenant' } },
            { status: 403 },
          )
        : Response.json({ reply: `réponse à: ${msg.text}` });
    }
    if (msg.kind === 'backstop')
      return Response.json({ instances: 1, seen: 0, processed: 0, duplicates: 0, skipped: 0, failed: 0 });
    if (idMessage?.startsWith('AGENT500-')) return Response.json({ error: 'down' }, { status: 503 });
    if (idMessage?.startsWith('AGENT400-'))
      return Response.json({ error: 'unknown instance' }, { status: 404 });
    if (idMessage?.startsWith('AGENTHANG-')) await new Promise((r) => setTimeout(r, 5000));
    return Response.json({ ok: true });
  };
}
