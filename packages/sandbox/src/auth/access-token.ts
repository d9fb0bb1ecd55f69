import { type CryptoKey, type JWK, SignJWT } from 'jose';
import type { Sql } from 'postgres';

/** What Supabase Auth puts in every access token before the hook runs (its documented claims). */
export interface AccessTokenRequest {
  userId: string;
  /** The project's auth URL: `<SUPABASE_URL>/auth/v1`. */
  issuer: string;
  /** The project's JWT secret (legacy HS256 signing, what `SUPABASE_JWT_SECRET` verifies). */
  secret?: string;
  /** An asymmetric signing key (ES256 / RS256) and its key id, as the project's JWKS lists it. */
  signingKey?: AsymmetricSigningKey;
  email?: string;
  ttlSeconds?: number;
  now?: Date;
  /** The session this token belongs to (`session_id`); a fresh one when absent. */
  sessionId?: string;
  /** How the person signed in (`amr` and the hook's `authentication_method`): password or otp. */
  method?: 'password' | 'otp';
  /** When the session began (the `amr` timestamp); `now` when absent. */
  authenticatedAt?: number;
  /** What the token carries before the hook (a test may plant tenant claims here: the hook replaces them). */
  extraClaims?: Record<string, unknown>;
}

export interface AsymmetricSigningKey {
  alg: 'ES256' | 'RS256';
  kid: string;
  privateKey: CryptoKey;
  /** The public half, as served at `/.well-known/jwks.json`. */
  publicJwk: JWK;
}

export interface MintedToken {
  token: string;
  claims: Record<string, unknown>;
}

/**
 * The claims of a signed-in user's token: the standard ones Supabase Auth sets, then
 * `public.custom_access_token_hook` called as Supabase Auth calls it (as `supabase_auth_admin`, with
 * the user id, the claims and the authentication method). `sql` may become supabase_auth_admin.
 */
export async function accessTokenClaims(
  sql: Sql,
  req: Omit<AccessTokenRequest, 'secret' | 'signingKey'>,
): Promise<Record<string, unknown>> {
  const iat = Math.floor((req.now ?? new Date()).getTime() / 1000);
  const method = req.method ?? 'password';
  const base = {
    iss: req.issuer,
    aud: 'authenticated',
    exp: iat + (req.ttlSeconds ?? 3600),
    iat,
    sub: req.userId,
    email: req.email ?? '',
    phone: '',
    app_metadata: { provider: 'email', providers: ['email'] },
    user_metadata: {},
    role: 'authenticated',
    aal: 'aal1',
    amr: [{ method, timestamp: req.authenticatedAt ?? iat }],
    session_id: req.sessionId ?? crypto.randomUUID(),
    is_anonymous: false,
    ...req.extraClaims,
  };
  const event = { user_id: req.userId, claims: base, authentication_method: method };
  return await sql.begin(async (tx) => {
    await tx`select set_config('role', 'supabase_auth_admin', true)`;
    const [row] =
      await tx`select public.custom_access_token_hook(${JSON.stringify(event)}::text::jsonb) as out`;
    return (row!.out as { claims: Record<string, unknown> }).claims;
  });
}

/**
 * The local stand-in of Supabase Auth's token issue: the hook's claims (see accessTokenClaims)
 * signed with the project's asymmetric key (kid in the header, as Supabase's JWT signing keys do)
 * or, for legacy projects and tests, HS256 with the JWT secret.
 */
export async function mintAccessToken(sql: Sql, req: AccessTokenRequest): Promise<MintedToken> {
  const claims = await accessTokenClaims(sql, req);
  return { token: await signAccessToken(claims, req), claims };
}

export async function signAccessToken(
  claims: Record<string, unknown>,
  keys: Pick<AccessTokenRequest, 'secret' | 'signingKey'>,
): Promise<string> {
  if (keys.signingKey)
    return new SignJWT(claims)
      .setProtectedHeader({ alg: keys.signingKey.alg, kid: keys.signingKey.kid, typ: 'JWT' })
      .sign(keys.signingKey.privateKey);
  if (!keys.secret) throw new Error('mintAccessToken needs a signing key or a JWT secret');
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(new TextEncoder().encode(keys.secret));
}
