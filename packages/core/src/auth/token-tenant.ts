import { z } from 'zod';
import type { SupabaseClaims } from './supabase-jwt.ts';

/**
 * The tenant a person's token names, as the access token hook
 * (public.custom_access_token_hook) puts it there: `tenant_id` and `tenant_role`. A hint, good for
 * refusing early at the edge; the database re-checks tenant_members on every request (a token lives
 * on after a membership is removed).
 */
const tenantClaims = z.object({
  tenant_id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/),
  tenant_role: z.enum(['owner', 'admin', 'member', 'viewer']),
});

export interface TokenTenant {
  tenantId: string;
  role: z.infer<typeof tenantClaims>['tenant_role'];
}

/** The token's tenant and role there, or null when it names none (a person of no tenant). */
export function tokenTenant(claims: SupabaseClaims): TokenTenant | null {
  const t = tenantClaims.safeParse(claims);
  return t.success ? { tenantId: t.data.tenant_id, role: t.data.tenant_role } : null;
}
