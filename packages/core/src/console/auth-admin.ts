import { z } from 'zod';
import { AppError } from '../shared/errors.ts';

/** What the console needs of Supabase Auth's admin API: an invitation for a new member. */
export interface AuthAdmin {
  /**
   * Invites the address (Supabase e-mails a link that signs them in where `redirectTo` says); an
   * address that already has an account is not invited again: its user id is returned.
   */
  invite(email: string, redirectTo: string): Promise<{ userId: string; invited: boolean }>;
}

const userSchema = z.looseObject({ id: z.string().uuid(), email: z.string().optional() });
const usersSchema = z.looseObject({ users: z.array(userSchema) });

/**
 * Supabase Auth's admin API (`POST /auth/v1/invite`, `GET /auth/v1/admin/users?filter=`) with the
 * project's secret (service role) key: the agent holds it, never the page or the Worker.
 */
export function supabaseAuthAdmin(o: {
  url: string;
  secretKey: string;
  fetch: (input: string, init?: RequestInit) => Promise<Response>;
  timeoutMs?: number;
}): AuthAdmin {
  const base = `${o.url.replace(/\/+$/, '')}/auth/v1`;
  const headers = {
    apikey: o.secretKey,
    authorization: `Bearer ${o.secretKey}`,
    'content-type': 'application/json',
  };
  const call = async (path: string, init: RequestInit) => {
    try {
      return await o.fetch(`${base}${path}`, {
        ...init,
        headers,
        signal: AbortSignal.timeout(o.timeoutMs ?? 10_000),
      });
    } catch (cause) {
      throw new AppError('unavailable', 'Supabase Auth is unavailable, try again', { cause });
    }
  };
  return {
    async invite(email, redirectTo) {
      const res = await call(`/invite?redirect_to=${encodeURIComponent(redirectTo)}`, {
        method: 'POST',
        body: JSON.stringify({ email, data: {} }),
      });
      if (res.ok) {
        const user = userSchema.safeParse(await res.json().catch(() => null));
        if (!user.success) throw new AppError('unavailable', 'Supabase Auth answered an invitation oddly');
        return { userId: user.data.id, invited: true };
      }
      const answer = (await res.json().catch(() => null)) as { error_code?: string; code?: string } | null;
      if (res.status !== 422 || (answer?.error_code ?? answer?.code) !== 'email_exists') {
        if (res.status === 429) throw new AppError('rate_limited', 'Too many invitations, try again later');
        throw new AppError('unavailable', `Supabase Auth refused the invitation (${res.status})`);
      }
      // Already a user (of another tenant, or invited before): add them as they are.
      const found = await call(`/admin/users?filter=${encodeURIComponent(email)}`, { method: 'GET' });
      const list = usersSchema.safeParse(await found.json().catch(() => null));
      const user = list.success ? list.data.users.find((u) => u.email?.toLowerCase() === email) : undefined;
      if (!user) throw new AppError('unavailable', 'Supabase Auth did not find the invited address');
      return { userId: user.id, invited: false };
    },
  };
}
