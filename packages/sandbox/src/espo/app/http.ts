import type { Context, Handler } from 'hono';
import type { EspoUser } from '../auth.ts';
import { HttpError } from '../errors.ts';
import type { Rec } from '../records.ts';

/** What every request of the stand-in's Hono app carries. */
export interface EspoEnv {
  Bindings: {
    /** The path after /api/v1 as the client sent it (HMAC signs it; routing uses a normalised one). */
    apiPath: string;
  };
  Variables: {
    /** The authenticated user (set by the authentication step; every route after it has one). */
    user: EspoUser;
    /** The request body as text (read once, after authentication, as EspoCRM does). */
    raw: string;
    /** The path's segments after /api/v1, as sent (not percent-decoded): `Lead/abc/contacts`. */
    parts: string[];
  };
}

export type EspoHandler = Handler<EspoEnv>;
export type EspoCtx = Context<EspoEnv>;

/** An answer as EspoCRM writes one: JSON unless a string, no content type for an empty body. */
export function answer(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  const text =
    body === undefined || body === '' ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  return new Response(text, {
    status,
    headers: { ...(text ? { 'content-type': 'application/json' } : {}), ...headers },
  });
}

const unanswered = new WeakSet<Response>();
/** A request the stand-in never answers (a timeout fault): the node adapter writes nothing. */
export function noAnswer(): Response {
  const r = new Response(null);
  unanswered.add(r);
  return r;
}
export const isNoAnswer = (r: Response): boolean => unanswered.has(r);

/** The JSON body as EspoCRM reads it: empty or not JSON-typed → {}, an array → {}, a scalar → 400. */
export function parseBody(c: EspoCtx): Rec {
  const raw = c.get('raw');
  if (!raw) return {};
  if (!/^application\/json\b/i.test(c.req.header('content-type') ?? '')) return {};
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    throw new HttpError(400, 'Body is not a JSON object.');
  }
  if (Array.isArray(v)) return {};
  if (typeof v !== 'object' || v === null) throw new HttpError(400, 'Body is not a JSON object.');
  return v as Rec;
}

export function requireAdmin(c: EspoCtx): void {
  if (c.get('user').type !== 'admin') throw new HttpError(403, '');
}

/** The query as the client sent it (URLSearchParams: first value wins, `+` is a space). */
export const searchParams = (c: EspoCtx): URLSearchParams => new URL(c.req.url).searchParams;
