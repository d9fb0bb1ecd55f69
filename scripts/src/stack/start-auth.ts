import { type AuthStandIn, authUsers, startAuthStandIn } from '@max/sandbox';
import postgres from 'postgres';
import { seedDemoUsers } from './demo-users.ts';
import { waitForService } from './processes.ts';
import type { StackServiceCheck } from './service-check.ts';
import type { Teardown } from './teardown.ts';

/**
 * Supabase Auth's stand-in, as the page and the Worker reach it (SUPABASE_URL), with the console's
 * demo people: it keeps its own connection to `dbUrl`; `sql` (the set-up one) writes their memberships.
 */
export async function startAuth(
  sql: postgres.Sql,
  a: { dbUrl: string; port: number; siteUrl: string; teardown: Teardown; check: StackServiceCheck },
): Promise<AuthStandIn> {
  const authSql = postgres(a.dbUrl, { max: 1, onnotice: () => {} });
  a.teardown.add(() => authSql.end({ timeout: 1 }));
  const auth = await startAuthStandIn({ sql: authSql, port: a.port, siteUrl: a.siteUrl });
  a.teardown.add(auth.stop);
  await waitForService(`${auth.url}/__health`, a.check('auth', 'auth-stand-in'));
  await seedDemoUsers(auth, authUsers(authSql), sql);
  return auth;
}
