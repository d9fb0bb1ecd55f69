import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Sql } from 'postgres';
import { type Listening, listen } from '../http/server.ts';
import type { AsymmetricSigningKey } from './access-token.ts';
import type { AuthContext } from './context.ts';
import { CORS_HEADERS, GoTrueError, sendError, sendJson } from './gotrue-http.ts';
import { invite } from './invite-route.ts';
import { oneTimeTokens, type SentMail } from './one-time-tokens.ts';
import { adminCreateUser } from './schemas.ts';
import { authSessions } from './sessions.ts';
import { generateSigningKey } from './signing-key.ts';
import { getUser, jsonBody, logout, otp, token, verifyCode, verifyLink } from './user-routes.ts';
import { type AuthUser, authUsers } from './users.ts';

export interface AuthStandInOptions {
  /** A connection that may become supabase_auth_admin (the migration user): users and the hook. */
  sql: Sql;
  port?: number;
  /** Where a magic link lands by default (the console). */
  siteUrl: string;
  redirectOrigins?: string[];
  /** Access token lifetime (Supabase's default: 3600 s). */
  accessTtlSeconds?: number;
  allowSignup?: boolean;
  signingKey?: AsymmetricSigningKey;
  /** Milliseconds since the epoch (tests move it to expire links and refresh tokens). */
  now?: () => number;
  /** The project's API keys; random ones when absent. */
  publishableKey?: string;
  secretKey?: string;
}

export interface AuthStandIn extends Listening {
  /** What the Worker and the page use as SUPABASE_URL (the auth API is under /auth/v1). */
  supabaseUrl: string;
  issuer: string;
  jwksUrl: string;
  publishableKey: string;
  secretKey: string;
  /** What the stand-in "sent" (also GET /sandbox/mail?to=…). */
  mail(to?: string): SentMail[];
  /** A confirmed user with a password, as the admin API creates it. */
  createUser(u: { email: string; password?: string; id?: string }): Promise<AuthUser>;
  /** How many refresh tokens were exchanged so far (a test sees a session being refreshed). */
  refreshCount(): number;
}

/**
 * Supabase Auth (GoTrue) on this machine: the subset of its HTTP API that supabase-js uses to sign
 * in with a password or a magic link, refresh, read the user and sign out, plus the admin API's
 * user creation and the JWKS. Users live in auth.users, tokens carry the access token hook's claims
 * and are signed ES256 with a key id, as a Supabase project with JWT signing keys issues them, so
 * the page and the Worker run their production code against it.
 */
export async function startAuthStandIn(o: AuthStandInOptions): Promise<AuthStandIn> {
  const key = o.signingKey ?? (await generateSigningKey());
  const publishableKey = o.publishableKey ?? `sb_publishable_${randomBytes(16).toString('base64url')}`;
  const secretKey = o.secretKey ?? `sb_secret_${randomBytes(16).toString('base64url')}`;
  const tokens = oneTimeTokens(o.now ? { now: o.now } : {});
  const sessions = authSessions(o.now);
  const users = authUsers(o.sql);
  let ctx: AuthContext | null = null;

  const apiKeyOf = (req: IncomingMessage) =>
    String(req.headers.apikey ?? /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '');

  async function admin(req: IncomingMessage, res: ServerResponse, path: string) {
    if (apiKeyOf(req) !== secretKey) throw new GoTrueError(403, 'not_admin', 'User not allowed');
    if (req.method === 'POST' && path === '/admin/users') {
      const body = await jsonBody(req, adminCreateUser);
      if (await users.byEmail(body.email))
        throw new GoTrueError(
          422,
          'email_exists',
          'A user with this email address has already been registered',
        );
      const u = await users.create({
        email: body.email,
        ...(body.password ? { password: body.password } : {}),
        ...(body.id ? { id: body.id } : {}),
        ...(body.user_metadata ? { userMetadata: body.user_metadata } : {}),
      });
      return sendJson(res, 200, u);
    }
    if (req.method === 'GET' && path === '/admin/users') {
      // GoTrue's filter: users whose e-mail contains it (the console finds an invited address's id).
      const filter = new URL(req.url ?? '/', 'http://stand-in').searchParams.get('filter')?.toLowerCase();
      const all = await users.list();
      return sendJson(res, 200, {
        users: filter ? all.filter((u) => u.email.includes(filter)) : all,
        aud: 'authenticated',
      });
    }
    const del = /^\/admin\/users\/([0-9a-f-]{36})$/.exec(path);
    if (req.method === 'DELETE' && del) {
      if (!(await users.remove(del[1]!))) throw new GoTrueError(404, 'user_not_found', 'User not found');
      sessions.endUser(del[1]!);
      return sendJson(res, 200, {});
    }
    throw new GoTrueError(404, 'not_found', 'Not found');
  }

  async function route(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    if (req.method === 'OPTIONS') {
      res.writeHead(204, CORS_HEADERS);
      return res.end();
    }
    if (url.pathname === '/sandbox/mail' && req.method === 'GET')
      return sendJson(res, 200, { messages: tokens.mail(url.searchParams.get('to') ?? undefined) });
    if (!url.pathname.startsWith('/auth/v1/')) throw new GoTrueError(404, 'not_found', 'Not found');
    const path = url.pathname.slice('/auth/v1'.length);
    const c = ctx!;
    // Open routes, as Supabase's gateway has them: the keys, health, and the link opened from an e-mail.
    if (req.method === 'GET' && path === '/.well-known/jwks.json')
      return sendJson(res, 200, { keys: [key.publicJwk] }, { 'cache-control': 'public, max-age=600' });
    if (req.method === 'GET' && path === '/health')
      return sendJson(res, 200, {
        version: 'stand-in',
        name: 'GoTrue',
        description: 'MAX local Auth stand-in',
      });
    if (req.method === 'GET' && path === '/verify') return verifyLink(c, res, url);
    const apiKey = apiKeyOf(req);
    if (!apiKey) return sendJson(res, 401, { message: 'No API key found in request' });
    if (apiKey !== publishableKey && apiKey !== secretKey)
      return sendJson(res, 401, { message: 'Invalid API key' });
    if (path.startsWith('/admin/')) return admin(req, res, path);
    if (req.method === 'POST' && path === '/invite') {
      if (apiKey !== secretKey) throw new GoTrueError(403, 'not_admin', 'User not allowed');
      return invite(c, req, res, url);
    }
    if (req.method === 'GET' && path === '/settings')
      return sendJson(res, 200, {
        external: { email: true },
        disable_signup: !c.allowSignup,
        mailer_autoconfirm: false,
      });
    if (req.method === 'POST' && path === '/token') return token(c, req, res, url);
    if (req.method === 'POST' && path === '/otp') return otp(c, req, res, url);
    if (req.method === 'POST' && path === '/verify') return verifyCode(c, req, res);
    if (req.method === 'GET' && path === '/user') return getUser(c, req, res);
    if (req.method === 'POST' && path === '/logout') return logout(c, req, res, url);
    throw new GoTrueError(404, 'not_found', 'Not found');
  }

  const server = await listen(
    async (req, res) => {
      try {
        await route(req, res);
      } catch (e) {
        if (e instanceof GoTrueError) return sendError(req, res, e);
        sendError(req, res, new GoTrueError(500, 'unexpected_failure', 'Unexpected failure'));
      }
    },
    o.port ?? 0,
    { name: 'auth-stand-in' },
  );
  const supabaseUrl = server.url;
  const issuer = `${supabaseUrl}/auth/v1`;
  ctx = {
    sql: o.sql,
    issuer,
    key,
    users,
    sessions,
    tokens,
    accessTtlSeconds: o.accessTtlSeconds ?? 3600,
    siteUrl: o.siteUrl,
    redirectOrigins: o.redirectOrigins ?? [],
    allowSignup: o.allowSignup ?? true,
  };
  return {
    ...server,
    supabaseUrl,
    issuer,
    jwksUrl: `${issuer}/.well-known/jwks.json`,
    publishableKey,
    secretKey,
    mail: (to) => tokens.mail(to),
    createUser: (u) => users.create(u),
    refreshCount: () => sessions.refreshCount(),
  };
}
