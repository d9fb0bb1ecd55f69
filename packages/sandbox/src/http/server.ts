import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Listening {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** The path every stand-in answers with its identity, before its own routes (and fault rules). */
export const HEALTH_PATH = '/__health';

/**
 * Starts a node:http server on 127.0.0.1 (port 0 = any free port). With a `name`, GET /__health
 * answers `{ service: name }`, so a readiness check can tell this stand-in from a foreign program.
 */
export async function listen(
  handler: (req: IncomingMessage, res: ServerResponse) => unknown,
  port = 0,
  opts: { name?: string } = {},
): Promise<Listening & { server: Server }> {
  const server = createServer((req, res) => {
    if (opts.name && req.method === 'GET' && req.url === HEALTH_PATH)
      return send(res, 200, { ok: true, service: opts.name });
    Promise.resolve(handler(req, res)).catch((e: unknown) => {
      if (!res.headersSent) send(res, 500, { error: String((e as Error)?.message ?? e) });
    });
  });
  // Connections are kept alive by clients; close them on stop so tests end promptly.
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    server,
    url: `http://127.0.0.1:${actual}`,
    port: actual,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export async function readBody(req: IncomingMessage, limit = 32 * 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text =
    body === undefined || body === '' ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { ...(text ? { 'content-type': 'application/json' } : {}), ...headers });
  res.end(text);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
