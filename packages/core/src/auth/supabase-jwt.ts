import { decodeProtectedHeader, errors, type JWTVerifyGetKey, jwtVerify } from 'jose';
import { z } from 'zod';
import { utf8 } from '../shared/crypto.ts';
import { AppError } from '../shared/errors.ts';

/**
 * Verifies a Supabase Auth access token with jose: the signature (HS256 with the project's legacy
 * JWT secret, or ES256 / RS256 with a key of the project's JWKS), the issuer (the project's auth
 * URL), the audience, exp and nbf with a small leeway, and that the user is signed in.
 */
const claimsSchema = z.looseObject({
  sub: z.string().uuid(),
  role: z.string(),
  exp: z.number(),
  nbf: z.number().optional(),
  aud: z.union([z.string(), z.array(z.string())]).optional(),
});
export type SupabaseClaims = z.infer<typeof claimsSchema>;

export interface SupabaseJwtOptions {
  /** `${SUPABASE_URL}/auth/v1`: a token from any other issuer is refused. */
  issuer: string;
  /** Default `authenticated` (what Supabase Auth puts in a signed-in user's token). */
  audience?: string;
  /** The project's legacy JWT secret: HS256 tokens are accepted only when it is set. */
  hs256Secret?: string | null;
  /** The project's signing keys (see supabaseJwks): ES256 / RS256 tokens only when it is set. */
  jwks?: JWTVerifyGetKey | null;
  leewaySeconds?: number;
}

const ASYMMETRIC = ['ES256', 'RS256'] as const;

const unauthorized = (why: string) => new AppError('unauthorized', why, { retryable: false });

/** The issuer and JWKS URL of a Supabase project, from its URL (https://<ref>.supabase.co). */
export function supabaseAuthEndpoints(supabaseUrl: string): { issuer: string; jwksUrl: string } {
  const issuer = `${supabaseUrl.replace(/\/+$/, '')}/auth/v1`;
  return { issuer, jwksUrl: `${issuer}/.well-known/jwks.json` };
}

/** Why jose refused a token, as the one error model says it (never the token itself). */
function toAppError(e: unknown): AppError {
  if (e instanceof AppError) return e;
  if (e instanceof errors.JWTExpired) return unauthorized('Token expired');
  if (e instanceof errors.JWTClaimValidationFailed) {
    if (e.claim === 'nbf') return unauthorized('Token not yet valid');
    if (e.claim === 'aud') return unauthorized('Token audience is not accepted');
    if (e.claim === 'iss') return unauthorized('Token issuer is not accepted');
    return unauthorized(`Token claim ${e.claim.slice(0, 20)} is invalid`);
  }
  if (e instanceof errors.JWSSignatureVerificationFailed) return unauthorized('Bad token signature');
  if (e instanceof errors.JWKSNoMatchingKey || e instanceof errors.JWKSMultipleMatchingKeys)
    return unauthorized('Unknown signing key');
  if (e instanceof errors.JOSEAlgNotAllowed || e instanceof errors.JOSENotSupported)
    return unauthorized('Unsupported token algorithm');
  if (e instanceof errors.JWSInvalid || e instanceof errors.JWTInvalid)
    return unauthorized('Malformed token');
  // The JWKS could not be fetched or read: not the user's fault, and no reason to let them in.
  return new AppError('unavailable', 'Signing keys unavailable', { cause: e });
}

/**
 * What jose would refuse before its first await, refused here: jose throws these inside a promise
 * that it returns without awaiting, which workerd reports as an unhandled rejection.
 */
function checkHeader(token: string, algorithms: string[]): void {
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(token);
  } catch {
    throw unauthorized('Malformed token');
  }
  if (token.split('.').length !== 3) throw unauthorized('Malformed token');
  if (typeof header.alg !== 'string' || !algorithms.includes(header.alg))
    throw unauthorized('Unsupported token algorithm');
  if (header.crit !== undefined || header.b64 !== undefined) throw unauthorized('Unsupported token header');
}

export async function verifySupabaseJwt(
  token: string,
  options: SupabaseJwtOptions,
  now: Date,
  leewaySeconds = options.leewaySeconds ?? 30,
): Promise<SupabaseClaims> {
  const secret = options.hs256Secret ? utf8(options.hs256Secret) : null;
  const jwks = options.jwks ?? null;
  const algorithms = [...(secret ? ['HS256'] : []), ...(jwks ? ASYMMETRIC : [])];
  if (algorithms.length === 0) throw new AppError('unavailable', 'No token verification key configured');
  checkHeader(token, algorithms);
  // Each algorithm family gets only its own key: an HS256 token is never checked against a public key.
  const key: JWTVerifyGetKey = async (header, input) => {
    if (header.alg === 'HS256' && secret) return secret;
    if (jwks && (ASYMMETRIC as readonly string[]).includes(header.alg)) return jwks(header, input);
    throw unauthorized('Unsupported token algorithm');
  };
  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(token, key, {
      algorithms,
      issuer: options.issuer,
      audience: options.audience ?? 'authenticated',
      currentDate: now,
      clockTolerance: leewaySeconds,
      requiredClaims: ['exp', 'sub'],
    }));
  } catch (e) {
    throw toAppError(e);
  }
  const claims = claimsSchema.safeParse(payload);
  if (!claims.success) throw unauthorized('Token claims are incomplete');
  if (claims.data.role !== 'authenticated') throw unauthorized('Not a signed-in user');
  return claims.data;
}
