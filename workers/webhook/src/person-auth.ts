import {
  type SupabaseClaims,
  supabaseAuthEndpoints,
  supabaseJwks,
  tokenTenant,
  verifySupabaseJwt,
} from '@max/core/auth';
import { AppError } from '@max/core/shared';
import { z } from 'zod';
import type { WorkerConfig } from './env.ts';

const tenantHeader = z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/);
/** The period of the people's limits in wrangler.toml (RL_WEBCHAT_*, RL_CONSOLE_USER): the longest wait. */
export const PEOPLE_LIMIT_PERIOD_SECONDS = 60;

/** The signed-in person: their Supabase Auth token verified (signature, issuer, audience, expiry). */
export async function verifiedClaims(
  config: WorkerConfig,
  authorization: string | undefined,
): Promise<SupabaseClaims> {
  const token = authorization?.replace(/^Bearer\s+/i, '').trim();
  if (!token) throw new AppError('unauthorized', 'Missing bearer token');
  if (!config.SUPABASE_URL) throw new AppError('unavailable', 'Web access not configured');
  const { issuer, jwksUrl } = supabaseAuthEndpoints(config.SUPABASE_URL);
  // Awaited here, not returned as is: workerd reports a returned promise's rejection as unhandled.
  return await verifySupabaseJwt(
    token,
    {
      issuer,
      audience: config.SUPABASE_JWT_AUDIENCE,
      hs256Secret: config.SUPABASE_JWT_SECRET ?? null,
      jwks: supabaseJwks(jwksUrl, { cooldownMs: config.SUPABASE_JWKS_COOLDOWN_SECONDS * 1000 }),
    },
    new Date(),
  );
}

export type TenantCheck =
  | { ok: true; tenantId: string }
  | { ok: false; error: AppError; reason: 'no_header' | 'no_tenant' | 'other_tenant' };

/**
 * The tenant named by X-Tenant must be the one the token carries (the access token hook's
 * `tenant_id`): anyone else is refused before any budget is charged or the agent is called.
 */
export function tenantOf(claims: SupabaseClaims, header: string | undefined): TenantCheck {
  const tenant = tenantHeader.safeParse(header);
  if (!tenant.success)
    return {
      ok: false,
      reason: 'no_header',
      error: new AppError('bad_request', 'X-Tenant header with a tenant id is required'),
    };
  const named = tokenTenant(claims);
  if (!named)
    return {
      ok: false,
      reason: 'no_tenant',
      error: new AppError('forbidden', 'Your session names no tenant: sign in again or choose a tenant'),
    };
  if (named.tenantId !== tenant.data)
    return {
      ok: false,
      reason: 'other_tenant',
      error: new AppError('forbidden', 'Not a member of this tenant'),
    };
  return { ok: true, tenantId: tenant.data };
}
