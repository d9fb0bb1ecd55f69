import type { AuthStandIn, AuthUsers } from '@max/sandbox';
import type { Sql } from 'postgres';
import { DEMO } from './demo-tenant.ts';

/**
 * The console's demo people, printed in `npm run dev`'s banner: a tenant admin, a member and a
 * viewer of the demo tenant, and the operator (no tenant: the operator's side is the provisioning
 * API). Fixed ids and dev-only passwords, so a kept database (DATABASE_URL) finds them again.
 */
export const DEMO_USERS = [
  {
    key: 'admin',
    id: '0d3b1a7e-5c1f-4e0a-9a3b-00000000a001',
    email: 'admin@demo.test',
    password: 'demo-admin-pass',
    role: 'admin',
  },
  {
    key: 'member',
    id: '0d3b1a7e-5c1f-4e0a-9a3b-00000000a002',
    email: 'member@demo.test',
    password: 'demo-member-pass',
    role: 'member',
  },
  {
    key: 'viewer',
    id: '0d3b1a7e-5c1f-4e0a-9a3b-00000000a003',
    email: 'viewer@demo.test',
    password: 'demo-viewer-pass',
    role: 'viewer',
  },
  {
    key: 'operator',
    id: '0d3b1a7e-5c1f-4e0a-9a3b-00000000a004',
    email: 'operator@demo.test',
    password: 'demo-operator-pass',
    role: null,
  },
] as const;

export type DemoUser = (typeof DEMO_USERS)[number];

/** Creates (or resets the password of) each demo user, and gives each its role in the demo tenant. */
export async function seedDemoUsers(auth: Pick<AuthStandIn, 'createUser'>, users: AuthUsers, sql: Sql) {
  for (const u of DEMO_USERS) {
    const existing = await users.byEmail(u.email);
    if (existing) await users.setPassword(existing.id, u.password);
    else await auth.createUser({ id: u.id, email: u.email, password: u.password });
    const id = existing?.id ?? u.id;
    if (u.role)
      await sql`insert into tenant_members (tenant_id, user_id, role) values (${DEMO.tenantId}, ${id}, ${u.role})
                on conflict (tenant_id, user_id) do update set role = excluded.role`;
  }
}
