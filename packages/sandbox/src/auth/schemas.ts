import { z } from 'zod';

const email = z.string().trim().toLowerCase().email().max(255);

/** The request bodies supabase-js sends (auth-js GoTrueClient / GoTrueAdminApi), checked before use. */
export const passwordGrant = z.object({ email, password: z.string().min(1).max(1000) });
export const refreshGrant = z.object({ refresh_token: z.string().min(1).max(200) });
export const otpRequest = z.object({
  email,
  create_user: z.boolean().default(true),
  data: z.record(z.string(), z.unknown()).default({}),
  // PKCE is not offered by this stand-in: the console uses the implicit flow (supabase-js' default).
  code_challenge: z.null().optional(),
  code_challenge_method: z.null().optional(),
});
export const verifyRequest = z.union([
  z.object({ type: z.enum(['magiclink', 'email']), token_hash: z.string().min(1).max(200) }),
  z.object({ type: z.enum(['magiclink', 'email']), email, token: z.string().regex(/^\d{6}$/) }),
]);
export const adminCreateUser = z.object({
  email,
  password: z.string().min(6).max(1000).optional(),
  email_confirm: z.boolean().optional(),
  user_metadata: z.record(z.string(), z.unknown()).optional(),
  /** GoTrue accepts a chosen id (the dev stack keeps its demo users' ids across restarts). */
  id: z.string().uuid().optional(),
});
export const logoutScope = z.enum(['global', 'local', 'others']).default('global');

/** GoTrue's POST /invite (admin): the address and the new user's metadata. */
export const inviteRequest = z.object({
  email,
  data: z.record(z.string(), z.unknown()).default({}),
});
