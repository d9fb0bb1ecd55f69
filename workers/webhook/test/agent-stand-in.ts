import { verifyInternal } from '../../../packages/core/src/queue/internal-auth.ts';

interface Received {
  idMessage: string | null;
  kind: string;
  verified: boolean;
  requestId: string | null;
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
    if (url.host !== 'agent.test') return new Response('no network in tests', { status: 502 });
    if (url.pathname === '/__received') return Response.json(received);
    if (url.pathname === '/__reset') {
      received.length = 0;
      return Response.json({ ok: true });
    }
    if (request.method === 'GET') return Response.json({ ok: true, service: 'agent' });
    const body = await request.text();
    let verified = true;
    try {
      await verifyInternal(secret, body, request.headers, new Date());
    } catch {
      verified = false;
    }
    const msg = JSON.parse(body) as { kind: string; event: { idMessage?: string } };
    const idMessage = msg.event.idMessage ?? null;
    received.push({ idMessage, kind: msg.kind, verified, requestId: request.headers.get('x-request-id') });
    if (!verified) return Response.json({ error: 'bad signature' }, { status: 401 });
    if (idMessage?.startsWith('AGENT500-')) return Response.json({ error: 'down' }, { status: 503 });
    if (idMessage?.startsWith('AGENT400-'))
      return Response.json({ error: 'unknown instance' }, { status: 404 });
    if (idMessage?.startsWith('AGENTHANG-')) await new Promise((r) => setTimeout(r, 5000));
    return Response.json({ ok: true });
  };
}
