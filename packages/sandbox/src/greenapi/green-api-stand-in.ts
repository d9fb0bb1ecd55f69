import { createHmac, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { createFaultLayer } from '../faults/fault-layer.ts';
import { listen, readBody, send, sleep } from '../http/server.ts';
import {
  type ApiRequestRecord,
  downloadFileBodySchema,
  type FailureStatus,
  getMessageBodySchema,
  type IncomingInput,
  type IncomingRecord,
  type SentMessage,
  sendMessageBodySchema,
  settingsBodySchema,
} from './records.ts';

export interface GreenApiStandInOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** idInstance → apiToken. When given, only these instances exist; others get 401. */
  tokens?: Record<string, string>;
  /** Without `tokens`, every instance exists and its token is HMAC(tokenSeed, idInstance). */
  tokenSeed?: string;
  /** Added before every API answer. */
  latencyMs?: number;
}

interface PendingFailure {
  remaining: number;
  status: FailureStatus;
  method: string | null;
  retryAfterSeconds: number | null;
}

/** Green-API's error body shape (NestJS style). */
const apiError = (status: number, message: string, path: string) => ({
  statusCode: status,
  timestamp: new Date().toISOString(),
  path: path.replace(/\/[^/]+$/, '/{{apiTokenInstance}}'),
  message,
});

/**
 * A local Green-API on 127.0.0.1: the real paths (`/waInstance{id}/{method}/{token}`), 401 on a
 * wrong token, 400 on a bad sendMessage body, a record of every message sent (also over HTTP at
 * `/sandbox/messages`), media files, lastIncomingMessages, lastOutgoingMessages and getMessage
 * (the journals of what was sent), instance state and settings, and
 * failures on demand (any status, e.g. 429/466/500, or a hang for timeouts).
 */
export async function startGreenApiStandIn(opts: GreenApiStandInOptions = {}) {
  const sent: SentMessage[] = [];
  const requests: ApiRequestRecord[] = [];
  const incoming = new Map<string, IncomingRecord[]>();
  /** When each incoming record was added (ms): the journal lists it only once it is journalLagMs old. */
  const addedAt = new WeakMap<IncomingRecord, number>();
  let journalLagMs = 0;
  const journaled = (at: number) => Date.now() - at >= journalLagMs;
  const states = new Map<string, string>();
  const settings = new Map<string, Record<string, unknown>>();
  const files = new Map<string, { bytes: Buffer; mimeType: string }>();
  // A token rotation, as Green-API's console does it: tokens an instance also accepts, or no longer does.
  const accepted = new Map<string, Set<string>>();
  const refused = new Map<string, Set<string>>();
  let failure: PendingFailure = { remaining: 0, status: 500, method: null, retryAfterSeconds: null };
  let counter = 0;
  const seed = opts.tokenSeed ?? 'green-api-sandbox';
  const tokenFor = (idInstance: string | number): string => {
    const id = String(idInstance);
    if (opts.tokens) return opts.tokens[id] ?? '';
    return createHmac('sha256', seed).update(id).digest('hex').slice(0, 50);
  };
  const nextIdMessage = () => `BAE5${(++counter).toString(16).toUpperCase().padStart(12, '0')}`;

  async function jsonBody<S extends z.ZodType>(
    req: IncomingMessage,
    schema: S,
  ): Promise<{ ok: true; data: z.infer<S> } | { ok: false; message: string }> {
    let body: unknown;
    try {
      body = JSON.parse((await readBody(req, 1024 * 1024)).toString('utf8'));
    } catch {
      return { ok: false, message: 'Invalid JSON' };
    }
    const parsed = schema.safeParse(body);
    if (parsed.success) return { ok: true, data: parsed.data };
    const issue = parsed.error.issues[0];
    return { ok: false, message: `Validation failed: ${issue?.path.join('.') || 'body'} ${issue?.message}` };
  }

  function sandboxRoute(req: IncomingMessage, res: ServerResponse, url: URL): boolean {
    if (url.pathname === '/sandbox/messages') {
      if (req.method === 'DELETE') {
        sent.length = 0;
        send(res, 200, { cleared: true });
        return true;
      }
      const chatId = url.searchParams.get('chatId');
      const idInstance = url.searchParams.get('idInstance');
      const since = Number(url.searchParams.get('since') ?? 0) || 0;
      send(
        res,
        200,
        sent.filter(
          (m) =>
            (!chatId || m.chatId === chatId) &&
            (!idInstance || m.idInstance === idInstance) &&
            m.index >= since,
        ),
      );
      return true;
    }
    if (url.pathname.startsWith('/sandbox/files/') && req.method === 'GET') {
      const f = files.get(url.pathname.slice('/sandbox/files/'.length));
      if (!f) send(res, 404, { message: 'no such file' });
      else {
        res.writeHead(200, { 'content-type': f.mimeType, 'content-length': String(f.bytes.length) });
        res.end(f.bytes);
      }
      return true;
    }
    return false;
  }

  const faults = createFaultLayer({
    errorAnswer: (s, path) => ({ body: apiError(s, 'Injected fault', path) }),
  });
  /** A sent message as Green-API's journals show it (lastOutgoingMessages, getMessage). */
  const outgoingItem = (m: SentMessage) => ({
    type: 'outgoing',
    idMessage: m.idMessage,
    timestamp: Math.floor(Date.parse(m.at) / 1000),
    statusMessage: 'sent',
    sendByApi: true,
    chatId: m.chatId,
    ...(m.linkPreview
      ? {
          typeMessage: 'extendedTextMessage',
          textMessage: m.message,
          extendedTextMessage: { text: m.message },
        }
      : { typeMessage: 'textMessage', textMessage: m.message }),
  });

  const srv = await listen(
    async (req, res) => {
      if (await faults.intercept(req, res)) return;
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (sandboxRoute(req, res, url)) return;
      const m = url.pathname.match(/^\/waInstance(\d+)\/([A-Za-z]+)\/([^/]+)$/);
      if (!m) return send(res, 404, apiError(404, 'Not Found', url.pathname));
      const [, id, method, token] = m as unknown as [string, string, string, string];
      if (opts.latencyMs) await sleep(opts.latencyMs);
      const expected = tokenFor(id);
      const given = decodeURIComponent(token);
      const valid =
        (Boolean(expected) && given === expected && !refused.get(id)?.has(given)) ||
        Boolean(accepted.get(id)?.has(given));
      if (!valid) {
        requests.push({ idInstance: id, method, status: 401 });
        return send(res, 401, apiError(401, 'Unauthorized', url.pathname));
      }
      if (failure.remaining > 0 && (!failure.method || failure.method === method)) {
        failure.remaining--;
        requests.push({ idInstance: id, method, status: failure.status });
        if (failure.status === 'hang') return; // never answers: the client's timeout fires
        return send(
          res,
          failure.status,
          apiError(failure.status, 'Injected failure', url.pathname),
          failure.retryAfterSeconds === null ? {} : { 'retry-after': String(failure.retryAfterSeconds) },
        );
      }
      const answer = (status: number, body: unknown) => {
        requests.push({ idInstance: id, method, status });
        send(res, status, body);
      };
      const needs = (verb: 'GET' | 'POST') => {
        if (req.method === verb) return true;
        answer(405, apiError(405, 'Method Not Allowed', url.pathname));
        return false;
      };

      switch (method) {
        case 'sendMessage': {
          if (!needs('POST')) return;
          const body = await jsonBody(req, sendMessageBodySchema);
          if (!body.ok) return answer(400, apiError(400, body.message, url.pathname));
          const idMessage = nextIdMessage();
          sent.push({
            index: sent.length,
            idInstance: id,
            chatId: body.data.chatId,
            message: body.data.message,
            quotedMessageId: body.data.quotedMessageId ?? null,
            linkPreview: body.data.linkPreview ?? true,
            idMessage,
            at: new Date().toISOString(),
          });
          return answer(200, { idMessage });
        }
        case 'getStateInstance':
          if (!needs('GET')) return;
          return answer(200, { stateInstance: states.get(id) ?? 'authorized' });
        case 'lastIncomingMessages': {
          if (!needs('GET')) return;
          const minutes = Number(url.searchParams.get('minutes') ?? 1440) || 1440;
          const since = Date.now() / 1000 - minutes * 60;
          const items = (incoming.get(id) ?? []).filter(
            (r) => r.timestamp >= since && journaled(addedAt.get(r) ?? 0),
          );
          // Green-API lists the newest first.
          return answer(
            200,
            items
              .slice()
              .reverse()
              .map((r) => ({ type: 'incoming', ...r })),
          );
        }
        case 'lastOutgoingMessages': {
          if (!needs('GET')) return;
          const minutes = Number(url.searchParams.get('minutes') ?? 1440) || 1440;
          const since = Date.now() / 1000 - minutes * 60;
          // What sendMessage sent from this instance, newest first, in the journal's shape.
          return answer(
            200,
            sent
              .filter(
                (m) => m.idInstance === id && Date.parse(m.at) / 1000 >= since && journaled(Date.parse(m.at)),
              )
              .reverse()
              .map(outgoingItem),
          );
        }
        case 'getMessage': {
          if (!needs('POST')) return;
          const body = await jsonBody(req, getMessageBodySchema);
          if (!body.ok) return answer(400, apiError(400, body.message, url.pathname));
          const { chatId, idMessage } = body.data;
          const out = sent.find(
            (m) => m.idInstance === id && m.idMessage === idMessage && m.chatId === chatId,
          );
          if (out) return answer(200, outgoingItem(out));
          const inc = (incoming.get(id) ?? []).find((r) => r.idMessage === idMessage && r.chatId === chatId);
          if (inc) return answer(200, { type: 'incoming', ...inc });
          // Green-API answers an unknown message like downloadFile's unknown file: 400 "… not found …".
          return answer(400, apiError(400, 'Message not found', url.pathname));
        }
        case 'downloadFile': {
          if (!needs('POST')) return;
          const body = await jsonBody(req, downloadFileBodySchema);
          if (!body.ok) return answer(400, apiError(400, body.message, url.pathname));
          const rec = (incoming.get(id) ?? []).find(
            (r) => r.idMessage === body.data.idMessage && r.chatId === body.data.chatId,
          );
          if (!rec?.downloadUrl) return answer(404, apiError(404, 'File not found', url.pathname));
          return answer(200, { downloadUrl: rec.downloadUrl });
        }
        case 'setSettings': {
          if (!needs('POST')) return;
          const body = await jsonBody(req, settingsBodySchema);
          if (!body.ok) return answer(400, apiError(400, body.message, url.pathname));
          settings.set(id, { ...(settings.get(id) ?? {}), ...body.data });
          return answer(200, { saveSettings: true });
        }
        case 'getSettings':
          if (!needs('GET')) return;
          return answer(200, { wid: `${id}@c.us`, ...(settings.get(id) ?? {}) });
        default:
          return answer(404, apiError(404, `Unknown method ${method}`, url.pathname));
      }
    },
    opts.port ?? 0,
    { name: 'green-api-stand-in' },
  );

  return {
    url: srv.url,
    port: srv.port,
    stop: srv.stop,
    /** Fault rules, also at /sandbox/faults (see createFaultLayer); `failNext` still works. */
    faults,
    /** The token the stand-in expects for an instance ('' when `tokens` does not list it). */
    tokenFor,
    /** Every message accepted by sendMessage since the last clear, oldest first. */
    sent: (): SentMessage[] => sent.map((m) => ({ ...m })),
    /** Every API request answered (method, instance, status), for asserting on retries. */
    requests: (): ApiRequestRecord[] => requests.map((r) => ({ ...r })),
    /**
     * The next `n` API requests (optionally only those of one method) fail with `status`
     * (429, 466, 500…) or hang without an answer ('hang').
     */
    failNext(
      n: number,
      status: FailureStatus = 500,
      o: { method?: string; retryAfterSeconds?: number } = {},
    ): void {
      failure = {
        remaining: n,
        status,
        method: o.method ?? null,
        retryAfterSeconds: o.retryAfterSeconds ?? null,
      };
    },
    /** The instance accepts this token too (a new token, before the old one is revoked). */
    acceptToken(idInstance: string | number, token: string): void {
      const id = String(idInstance);
      accepted.set(id, new Set([...(accepted.get(id) ?? []), token]));
      refused.get(id)?.delete(token);
    },
    /** The instance no longer accepts this token (revoked in the console): 401. */
    refuseToken(idInstance: string | number, token: string): void {
      const id = String(idInstance);
      refused.set(id, new Set([...(refused.get(id) ?? []), token]));
      accepted.get(id)?.delete(token);
    },
    setState(idInstance: string | number, state: string): void {
      states.set(String(idInstance), state);
    },
    settings: (idInstance: string | number): Record<string, unknown> => ({
      ...(settings.get(String(idInstance)) ?? {}),
    }),
    /** Adds a message that lastIncomingMessages (and downloadFile) will report. */
    addIncoming(idInstance: string | number, msg: IncomingInput): IncomingRecord {
      const rec: IncomingRecord = {
        idMessage: msg.idMessage ?? `3EB0${randomBytes(8).toString('hex').toUpperCase()}`,
        timestamp: msg.timestamp ?? Math.floor(Date.now() / 1000),
        typeMessage: msg.typeMessage ?? 'textMessage',
        senderId: msg.senderId ?? msg.chatId,
        senderName: msg.senderName ?? '',
        ...msg,
      };
      const key = String(idInstance);
      addedAt.set(rec, Date.now());
      incoming.set(key, [...(incoming.get(key) ?? []), rec]);
      return rec;
    },
    /**
     * Green-API's journals (lastIncomingMessages, lastOutgoingMessages) list a message only after a
     * while (its docs: up to minutes): from now on, only messages at least `ms` old are listed.
     */
    setJournalLag(ms: number): void {
      journalLagMs = Math.max(0, ms);
    },
    /** Serves bytes at the returned URL (what a media webhook's downloadUrl points to). */
    putFile(bytes: Uint8Array, mimeType: string): string {
      const key = randomBytes(12).toString('hex');
      files.set(key, { bytes: Buffer.from(bytes), mimeType });
      return `${srv.url}/sandbox/files/${key}`;
    },
    /** Resolves once at least `n` messages were sent (optionally to one chat), or rejects. */
    async waitForMessages(
      n: number,
      o: { chatId?: string; timeoutMs?: number } = {},
    ): Promise<SentMessage[]> {
      const deadline = Date.now() + (o.timeoutMs ?? 5000);
      for (;;) {
        const list = sent.filter((m) => !o.chatId || m.chatId === o.chatId);
        if (list.length >= n) return list.map((m) => ({ ...m }));
        if (Date.now() > deadline) throw new Error(`expected ${n} sent messages, got ${list.length}`);
        await sleep(20);
      }
    },
    /** Clears messages, requests, incoming, states, settings, files and pending failures. */
    reset(): void {
      sent.length = 0;
      requests.length = 0;
      incoming.clear();
      journalLagMs = 0;
      states.clear();
      settings.clear();
      accepted.clear();
      refused.clear();
      files.clear();
      failure = { remaining: 0, status: 500, method: null, retryAfterSeconds: null };
    },
  };
}

export type GreenApiStandIn = Awaited<ReturnType<typeof startGreenApiStandIn>>;
