import type { Sql } from 'postgres';
import { type AsymmetricSigningKey, accessTokenClaims, signAccessToken } from './access-token.ts';
import type { OneTimeTokens } from './one-time-tokens.ts';
import type { AuthSession, AuthSessions } from './sessions.ts';
import type { AuthUser, AuthUsers } from './users.ts';

/** What every route of the Auth stand-in shares. */
export interface AuthContext {
  sql: Sql;
  /** `<SUPABASE_URL>/auth/v1`: the tokens' issuer and the base of the links in e-mails. */
  issuer: string;
  key: AsymmetricSigningKey;
  users: AuthUsers;
  sessions: AuthSessions;
  tokens: OneTimeTokens;
  accessTtlSeconds: number;
  /** Where a magic link lands when its redirect_to is missing or not allowed (GoTrue's SITE_URL). */
  siteUrl: string;
  /** Other origins a magic link may land on (GoTrue's URI_ALLOW_LIST, as origins). */
  redirectOrigins: string[];
  allowSignup: boolean;
}

/** GoTrue's AccessTokenResponse: what /token and /verify answer, and what a magic link carries. */
export interface SessionResponse {
  access_token: string;
  token_type: 'bearer';
  expires_in: number;
  expires_at: number;
  refresh_token: string;
  user: AuthUser;
}

/** A fresh access token for a session, its claims through the access token hook, signed with the project's key. */
export async function sessionResponse(
  ctx: AuthContext,
  user: AuthUser,
  session: AuthSession,
  refreshToken: string,
): Promise<SessionResponse> {
  const claims = await accessTokenClaims(ctx.sql, {
    userId: user.id,
    issuer: ctx.issuer,
    email: user.email,
    ttlSeconds: ctx.accessTtlSeconds,
    sessionId: session.id,
    method: session.method,
    authenticatedAt: session.authenticatedAt,
    extraClaims: { user_metadata: user.user_metadata, app_metadata: user.app_metadata },
  });
  return {
    access_token: await signAccessToken(claims, { signingKey: ctx.key }),
    token_type: 'bearer',
    expires_in: ctx.accessTtlSeconds,
    expires_at: Number(claims.exp),
    refresh_token: refreshToken,
    user,
  };
}

/** GoTrue's redirect_to check: allowed origins only, else the site URL. */
export function allowedRedirect(ctx: AuthContext, redirectTo: string | null): string {
  if (!redirectTo) return ctx.siteUrl;
  try {
    const origin = new URL(redirectTo).origin;
    return [new URL(ctx.siteUrl).origin, ...ctx.redirectOrigins].includes(origin) ? redirectTo : ctx.siteUrl;
  } catch {
    return ctx.siteUrl;
  }
}
