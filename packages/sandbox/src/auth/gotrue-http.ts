import type { IncomingMessage, ServerResponse } from 'node:http';

/** The header supabase-js sends: from 2024-01-01 on, GoTrue's error bodies are `{ code, message }`. */
const API_VERSION = 'x-supabase-api-version';

/** Supabase's gateway answers browsers from any origin (the page is on another host than the API). */
export const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers':
    'authorization, x-client-info, apikey, content-type, x-supabase-api-version',
  'access-control-allow-methods': 'GET, POST, PUT, DELETE, OPTIONS',
  'access-control-expose-headers': 'x-supabase-api-version',
};

/** An expected refusal, with GoTrue's status and error code. */
export class GoTrueError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, { 'content-type': 'application/json', ...CORS_HEADERS, ...headers });
  res.end(body === undefined ? '' : JSON.stringify(body));
}

/** GoTrue's HandleResponseError: the 2024-01-01 shape when the client asks for it, the legacy one otherwise. */
export function sendError(req: IncomingMessage, res: ServerResponse, e: GoTrueError): void {
  const versioned = (req.headers[API_VERSION] ?? '') >= '2024-01-01';
  if (versioned)
    sendJson(res, e.status, { code: e.code, message: e.message }, { [API_VERSION]: '2024-01-01' });
  else sendJson(res, e.status, { code: e.status, error_code: e.code, msg: e.message });
}

export const badRequest = (code: string, message: string) => new GoTrueError(400, code, message);
