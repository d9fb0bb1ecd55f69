import { GoTrueClient } from '@supabase/supabase-js';

export interface ConsoleConfig {
  supabaseUrl: string;
  publishableKey: string;
}

/** Where Supabase Auth is: the Worker says so (one build serves every deployment). */
export async function loadConfig(): Promise<ConsoleConfig> {
  const res = await fetch('/api/console/config', { headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(`config ${res.status}`);
  return (await res.json()) as ConsoleConfig;
}

/**
 * supabase-js' auth client (GoTrueClient: what `createClient(…).auth` is) signs people in: the session is kept in
 * localStorage and refreshed by the library before it expires; a magic link lands here with the
 * session in the URL fragment. Only Auth: the page reads and writes through MAX's API, never
 * PostgREST, Storage or Realtime, and leaving those out halves the bundle (65 → 35 KB gzipped).
 */
export function authFor(config: ConsoleConfig): GoTrueClient {
  return new GoTrueClient({
    url: `${config.supabaseUrl.replace(/\/+$/, '')}/auth/v1`,
    headers: { apikey: config.publishableKey, Authorization: `Bearer ${config.publishableKey}` },
    storageKey: 'max-console-auth',
    persistSession: true,
    autoRefreshToken: true,
    detectSessionInUrl: true,
    flowType: 'implicit',
  });
}
