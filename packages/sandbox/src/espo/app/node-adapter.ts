import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { isNoAnswer } from './http.ts';

const API = '/api/v1';

/** The node request as a fetch Request: headers as sent, the body streamed, the path's segments joined once. */
export function toRequest(req: IncomingMessage): { request: Request; apiPath: string } | null {
  const url = new URL(req.url ?? '/', 'http://x');
  if (!url.pathname.startsWith(`${API}/`)) return null;
  const apiPath = url.pathname.slice(API.length);
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined) continue;
    if (Array.isArray(v)) for (const one of v) headers.append(k, one);
    else headers.set(k, v);
  }
  const method = req.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD';
  // Routing sees `a//b/` as `a/b`, as EspoCRM's router does; HMAC still signs the path as sent.
  const routed = `http://x${API}/${apiPath.split('/').filter(Boolean).join('/')}${url.search}`;
  const request = new Request(routed, {
    method,
    headers,
    ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream, duplex: 'half' } : {}),
  } as RequestInit);
  return { request, apiPath };
}

/** Writes the app's answer to the node response (or nothing, for a request left unanswered). */
export async function writeResponse(res: ServerResponse, response: Response): Promise<void> {
  if (isNoAnswer(response)) return;
  const headers: Record<string, string> = {};
  response.headers.forEach((v, k) => {
    headers[k] = v;
  });
  const body = Buffer.from(await response.arrayBuffer());
  res.writeHead(response.status, headers);
  res.end(body);
}
