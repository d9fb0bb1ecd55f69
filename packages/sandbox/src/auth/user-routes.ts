import type { IncomingMessage, ServerResponse } from 'node:http';
import { errors, jwtVerify } from 'jose';
import type { z } from 'zod';
import { readBody } from '../http/server.ts';
import { type AuthContext, allowedRedirect, sessionResponse } from './context.ts';
import { badRequest, GoTrueError, sendJson } from './gotrue-http.ts';
import { logoutScope, otpRequest, passwordGrant, refreshGrant, verifyRequest } from './schemas.ts';
import type { AuthSession } from './sessions.ts';

export async function jsonBody<T extends z.ZodType>(req: IncomingMessage, schema: T): Promise<z.infer<T>> {
  let raw: unknown;
  try {
    raw = JSON.parse((await readBody(req, 64 * 1024)).toString('utf8') || '{}');
  } catch {
    throw badRequest('bad_json', 'Could not parse request body as JSON');
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success)
    throw badRequest('validation_failed', `Invalid ${parsed.error.issues[0]?.path.join('.') || 'body'}`);
  return parsed.data;
}

const invalidCredentials = () => badRequest('invalid_credentials', 'Invalid login credentials');

/** POST /token?grant_type=password | refresh_token */
export async function token(ctx: AuthContext, req: IncomingMessage, res: ServerResponse, url: URL) {
  const grant = url.searchParams.get('grant_type');
  if (grant === 'password') {
    const body = await jsonBody(req, passwordGrant);
    const user = await ctx.users.byEmail(body.email);
    // The hash is computed whether or not the user exists: the timing says nothing.
    const ok = await ctx.users.passwordMatches(body.password, user?.passwordHash ?? null);
    if (!user || !ok) throw invalidCredentials();
    const signedIn = (await ctx.users.signedIn(user.id))!;
    const { session, refreshToken } = ctx.sessions.start(user.id, 'password');
    return sendJson(res, 200, await sessionResponse(ctx, signedIn, session, refreshToken));
  }
  if (grant === 'refresh_token') {
    const body = await jsonBody(req, refreshGrant);
    const r = ctx.sessions.refresh(body.refresh_token);
    if ('error' in r) {
      const message = {
        refresh_token_not_found: 'Invalid Refresh Token: Refresh Token Not Found',
        refresh_token_already_used: 'Invalid Refresh Token: Already Used',
      }[r.error];
      throw badRequest(r.error, message);
    }
    const user = await ctx.users.byId(r.session.userId);
    if (!user) throw badRequest('user_not_found', 'User from sub claim in JWT does not exist');
    return sendJson(res, 200, await sessionResponse(ctx, user, r.session, r.refreshToken));
  }
  throw badRequest('validation_failed', 'unsupported_grant_type');
}

/** POST /otp: a magic link (and its 6-digit code) to the address, when it is a user's or signups are on. */
export async function otp(ctx: AuthContext, req: IncomingMessage, res: ServerResponse, url: URL) {
  const body = await jsonBody(req, otpRequest);
  let user = await ctx.users.byEmail(body.email);
  if (!user) {
    if (!body.create_user || !ctx.allowSignup)
      throw new GoTrueError(422, 'otp_disabled', 'Signups not allowed for otp');
    user = {
      ...(await ctx.users.create({ email: body.email, userMetadata: body.data })),
      passwordHash: null,
    };
  }
  const wait = ctx.tokens.waitSeconds(body.email);
  if (wait > 0)
    throw new GoTrueError(
      429,
      'over_email_send_rate_limit',
      `For security purposes, you can only request this after ${wait} seconds.`,
    );
  const redirectTo = allowedRedirect(ctx, url.searchParams.get('redirect_to'));
  ctx.tokens.issue(user.id, body.email, (hash) => {
    const link = new URL(`${ctx.issuer}/verify`);
    link.searchParams.set('token', hash);
    link.searchParams.set('type', 'magiclink');
    link.searchParams.set('redirect_to', redirectTo);
    return link.toString();
  });
  sendJson(res, 200, {});
}

async function verifiedSession(ctx: AuthContext, userId: string) {
  const user = (await ctx.users.signedIn(userId))!;
  const { session, refreshToken } = ctx.sessions.start(userId, 'otp');
  return sessionResponse(ctx, user, session, refreshToken);
}

/** GET /verify (the link in the e-mail): back to the page with the session in the fragment, or the error. */
export async function verifyLink(ctx: AuthContext, res: ServerResponse, url: URL) {
  const to = new URL(allowedRedirect(ctx, url.searchParams.get('redirect_to')));
  const userId = ctx.tokens.consume({ tokenHash: url.searchParams.get('token') ?? '' });
  const type = url.searchParams.get('type');
  const fragment = new URLSearchParams();
  if (!userId || (type !== 'magiclink' && type !== 'email' && type !== 'invite')) {
    fragment.set('error', 'access_denied');
    fragment.set('error_code', 'otp_expired');
    fragment.set('error_description', 'Email link is invalid or has expired');
  } else {
    const s = await verifiedSession(ctx, userId);
    for (const [k, v] of Object.entries({
      access_token: s.access_token,
      expires_at: String(s.expires_at),
      expires_in: String(s.expires_in),
      refresh_token: s.refresh_token,
      token_type: s.token_type,
      type: 'magiclink',
    }))
      fragment.set(k, v);
  }
  to.hash = fragment.toString();
  res.writeHead(303, { location: to.toString() });
  res.end();
}

/** POST /verify: the code typed in (or the token hash), answered with a session. */
export async function verifyCode(ctx: AuthContext, req: IncomingMessage, res: ServerResponse) {
  const body = await jsonBody(req, verifyRequest);
  const userId = ctx.tokens.consume(
    'token_hash' in body ? { tokenHash: body.token_hash } : { email: body.email, otp: body.token },
  );
  if (!userId) throw new GoTrueError(403, 'otp_expired', 'Token has expired or is invalid');
  sendJson(res, 200, await verifiedSession(ctx, userId));
}

/** The bearer's session: a token this project signed, unexpired, whose session is still open. */
export async function bearerSession(
  ctx: AuthContext,
  req: IncomingMessage,
): Promise<{ session: AuthSession; sub: string }> {
  const jwt = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  if (!jwt) throw new GoTrueError(401, 'no_authorization', 'This endpoint requires a valid Bearer token');
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(jwt, ctx.key.publicJwk, {
      issuer: ctx.issuer,
      audience: 'authenticated',
    }));
  } catch (e) {
    const why = e instanceof errors.JWTExpired ? 'token is expired' : 'unable to parse or verify signature';
    throw new GoTrueError(403, 'bad_jwt', `invalid JWT: ${why}`);
  }
  const session = ctx.sessions.active(payload.session_id);
  if (!session || session.userId !== payload.sub)
    throw new GoTrueError(403, 'session_not_found', 'Session from session_id claim in JWT does not exist');
  return { session, sub: String(payload.sub) };
}

/** GET /user */
export async function getUser(ctx: AuthContext, req: IncomingMessage, res: ServerResponse) {
  const { sub } = await bearerSession(ctx, req);
  const user = await ctx.users.byId(sub);
  if (!user) throw new GoTrueError(403, 'user_not_found', 'User from sub claim in JWT does not exist');
  sendJson(res, 200, user);
}

/** POST /logout?scope=global|local|others: 204, the session's refresh tokens no longer work. */
export async function logout(ctx: AuthContext, req: IncomingMessage, res: ServerResponse, url: URL) {
  const scope = logoutScope.safeParse(url.searchParams.get('scope') ?? undefined);
  if (!scope.success) throw badRequest('validation_failed', 'Unsupported logout scope');
  const { session } = await bearerSession(ctx, req);
  ctx.sessions.revoke(session.id, scope.data);
  sendJson(res, 204, undefined);
}
