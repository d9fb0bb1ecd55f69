import { SignJWT } from 'jose';
import type { Sql } from 'postgres';

/** What Supabase Auth puts in every access token before the hook runs (its documented claims). */
export interface AccessTokenRequest {
  userId: string;
  /** The project's auth URL: `<SUPABASE_URL>/auth/v1`. */
  issuer: string;
  /** The project's JWT secret (legacy HS256 signing, what `SUPABASE_JWT_SECRET` verifies). */
  secret: string;
  email?: string;
  ttlSeconds?: number;
  now?: Date;
  /** What the token carries before the hook (a test may plant tenant claims here: the hook replaces them). */
  extraClaims?: Record<string, unknown>;
}

export interface MintedToken {
  token: string;
  claims: Record<string, unknown>;
}

/**
 * The local stand-in of Supabase Auth's token issue: the standard claims of a signed-in user, then
 * `public.custom_access_token_hook` called as Supabase Auth calls it (as `supabase_auth_admin`, with
 * the user id, the claims and the authentication method), then the hook's claims signed with HS256.
 * `sql` is a connection that may become supabase_auth_admin (the migration user).
 */
export async function mintAccessToken(sql: Sql, req: AccessTokenRequest): Promise<MintedToken> {
  const iat = Math.floor((req.now ?? new Date()).getTime() / 1000);
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
    amr: [{ method: 'password', timestamp: iat }],
    session_id: crypto.randomUUID(),
    is_anonymous: false,
    ...req.extraClaims,
  };
  const event = { user_id: req.userId, claims: base, authentication_method: 'password' };
  const claims = await sql.begin(async (tx) => {
    await tx`select set_config('role', 'supabase_auth_admin', true)`;
    const [row] =
      await tx`select public.custom_access_token_hook(${JSON.stringify(event)}::text::jsonb) as out`;
    return (row!.out as { claims: Record<string, unknown> }).claims;
  });
  const token = await new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(new TextEncoder().encode(req.secret));
  return { token, claims };
}
