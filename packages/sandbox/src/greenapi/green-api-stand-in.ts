import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { listen, readBody, send, sleep } from '../http/server.ts';

export interface SentMessage {
  index: number;
  idInstance: string;
  chatId: string;
  message: string;
  quotedMessageId: string | null;
  idMessage: string;
  at: string;
}

export interface IncomingRecord {
  idMessage: string;
  timestamp: number;
  typeMessage: string;
  chatId: string;
  senderId?: string;
  senderName?: string;
  textMessage?: string;
}

const sendSchema = z.object({
  chatId: z.string().regex(/^\d{5,20}@(c|g)\.us$/),
  message: z.string().min(1).max(20_000),
  quotedMessageId: z.string().optional(),
  linkPreview: z.boolean().optional(),
});

/**
 * A local Green-API: the real URL shapes (`/waInstance{id}/{method}/{token}`), 401 on a wrong
 * token, a record of every message sent (GET /sandbox/messages), media files, lastIncomingMessages,
 * and failures on demand. Tokens default to a per-instance value derived from a seed.
 */
export async function startGreenApiStandIn(
  opts: { port?: number; tokens?: Record<string, string>; latencyMs?: number; tokenSeed?: string } = {},
) {
  const sent: SentMessage[] = [];
  const incoming = new Map<string, IncomingRecord[]>();
  const states = new Map<string, string>();
  const files = new Map<string, { bytes: Buffer; mimeType: string }>();
  let failures: { remaining: number; status: number | 'hang' } = { remaining: 0, status: 500 };
  const seed = opts.tokenSeed ?? 'green-api-sandbox';
  const tokenFor = (id: string) =>
    opts.tokens?.[id] ?? createHmac('sha256', seed).update(id).digest('hex').slice(0, 40);
  let counter = 0;

  const srv = await listen(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (opts.latencyMs) await sleep(opts.latencyMs);
    if (url.pathname === '/sandbox/messages') {
      if (req.method === 'DELETE') {
        sent.length = 0;
        return send(res, 200, { cleared: true });
      }
      const chatId = url.searchParams.get('chatId');
      const since = Number(url.searchParams.get('since') ?? 0);
      return send(
        res,
        200,
        sent.filter((m) => (!chatId || m.chatId === chatId) && m.index >= since),
      );
    }
    if (url.pathname.startsWith('/sandbox/files/')) {
      const f = files.get(url.pathname.slice('/sandbox/files/'.length));
      if (!f) return send(res, 404, { error: 'no such file' });
      res.writeHead(200, { 'content-type': f.mimeType, 'content-length': String(f.bytes.length) });
      return res.end(f.bytes);
    }
    const m = url.pathname.match(/^\/waInstance(\d+)\/([A-Za-z]+)\/([^/]+)$/);
    if (!m) return send(res, 404, { error: 'not found' });
    const [, id, method, token] = m as unknown as [string, string, string, string];
    if (token !== tokenFor(id)) return send(res, 401, '');
    if (failures.remaining > 0) {
      failures.remaining--;
      if (failures.status === 'hang') return; // never answers: the client's timeout fires
      return send(res, failures.status, { message: 'injected failure' });
    }
    switch (method) {
      case 'sendMessage': {
        if (req.method !== 'POST') return send(res, 405, '');
        let body: unknown;
        try {
          body = JSON.parse((await readBody(req)).toString('utf8'));
        } catch {
          return send(res, 400, { message: 'invalid JSON' });
        }
        const parsed = sendSchema.safeParse(body);
        if (!parsed.success)
          return send(res, 400, { message: parsed.error.issues[0]?.message ?? 'invalid body' });
        const idMessage = `BAE5${(++counter).toString(16).toUpperCase().padStart(12, '0')}`;
        sent.push({
          index: sent.length,
          idInstance: id,
          chatId: parsed.data.chatId,
          message: parsed.data.message,
          quotedMessageId: parsed.data.quotedMessageId ?? null,
          idMessage,
          at: new Date().toISOString(),
        });
        return send(res, 200, { idMessage });
      }
      case 'getStateInstance':
        return send(res, 200, { stateInstance: states.get(id) ?? 'authorized' });
      case 'lastIncomingMessages': {
        const minutes = Number(url.searchParams.get('minutes') ?? 1440);
        const since = Date.now() / 1000 - minutes * 60;
        return send(
          res,
          200,
          (incoming.get(id) ?? [])
            .filter((r) => r.timestamp >= since)
            .map((r) => ({ type: 'incoming', ...r })),
        );
      }
      case 'setSettings':
        return send(res, 200, { saveSettings: true });
      case 'downloadFile':
        return send(res, 200, { downloadUrl: `${srv.url}/sandbox/files/none` });
      default:
        return send(res, 404, { error: `unknown method ${method}` });
    }
  }, opts.port ?? 0);

  return {
    url: srv.url,
    port: srv.port,
    stop: srv.stop,
    tokenFor,
    sent: () => [...sent],
    failNext(n: number, status: number | 'hang' = 500) {
      failures = { remaining: n, status };
    },
    setState(idInstance: string, state: string) {
      states.set(idInstance, state);
    },
    addIncoming(idInstance: string, record: IncomingRecord) {
      incoming.set(idInstance, [...(incoming.get(idInstance) ?? []), record]);
    },
    putFile(bytes: Uint8Array, mimeType: string): string {
      const key = `f${files.size + 1}-${Date.now().toString(36)}`;
      files.set(key, { bytes: Buffer.from(bytes), mimeType });
      return `${srv.url}/sandbox/files/${key}`;
    },
    reset() {
      sent.length = 0;
      incoming.clear();
      failures = { remaining: 0, status: 500 };
    },
  };
}

export type GreenApiStandIn = Awaited<ReturnType<typeof startGreenApiStandIn>>;
