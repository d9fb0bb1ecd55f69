import type { GoTrueClient } from '@supabase/supabase-js';

/** An answer of MAX's API that is not a success: its status and the reason it gave. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The tenant a token carries (the access token hook's claim), read from its payload. */
export function tenantOfToken(token: string): string | null {
  try {
    const payload = JSON.parse(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as {
      tenant_id?: unknown;
    };
    return typeof payload.tenant_id === 'string' ? payload.tenant_id : null;
  } catch {
    return null;
  }
}

/**
 * Calls MAX's API on this origin with the session's access token (supabase-js refreshes it first
 * when it is about to expire) and the tenant it carries as X-Tenant.
 */
export function apiClient(auth: GoTrueClient, onSignedOut: () => void) {
  return async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
    const { data } = await auth.getSession();
    const token = data.session?.access_token;
    if (!token) {
      onSignedOut();
      throw new ApiError(401, 'unauthorized', 'Signed out');
    }
    const res = await fetch(path, {
      method: init.method ?? 'GET',
      headers: {
        authorization: `Bearer ${token}`,
        'x-tenant': tenantOfToken(token) ?? '',
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
    const body = (await res.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
    if (!res.ok) {
      if (res.status === 401) onSignedOut();
      throw new ApiError(res.status, body?.error?.code ?? 'error', body?.error?.message ?? res.statusText);
    }
    return body as T;
  };
}
export type Api = ReturnType<typeof apiClient>;
