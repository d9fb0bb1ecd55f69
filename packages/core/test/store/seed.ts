import type { Sql } from 'postgres';

/** The chat both tenants have rows for: a unit for one tenant must never return the other's. */
export const SHARED_CHAT = '33611111111@c.us';
export const INSTANCES = { alpha: '1101000001', beta: '1101000002' } as const;

export type MemberRole = 'owner' | 'admin' | 'member' | 'viewer';
const ROLES: MemberRole[] = ['owner', 'admin', 'member', 'viewer'];
/** The signed-in people of each tenant, one per role (fixed ids: a test names who acts). */
export const MEMBERS = {
  alpha: {
    owner: 'a0000000-0000-4000-8000-00000000000a',
    admin: 'a0000000-0000-4000-8000-00000000000b',
    member: 'a0000000-0000-4000-8000-00000000000c',
    viewer: 'a0000000-0000-4000-8000-00000000000d',
  },
  beta: {
    owner: 'b0000000-0000-4000-8000-00000000000a',
    admin: 'b0000000-0000-4000-8000-00000000000b',
    member: 'b0000000-0000-4000-8000-00000000000c',
    viewer: 'b0000000-0000-4000-8000-00000000000d',
  },
} as const satisfies Record<'alpha' | 'beta', Record<MemberRole, string>>;
/** Signed in, member of nothing. */
export const OUTSIDER = 'c0000000-0000-4000-8000-00000000000e';

/** The claims the REST API sets for a signed-in person whose token carries `tenant` (the access token hook's). */
export const personClaims = (tenant: 'alpha' | 'beta', role: MemberRole) => ({
  sub: MEMBERS[tenant][role],
  role: 'authenticated',
  aud: 'authenticated',
  tenant_id: tenant,
  tenant_role: role,
});
/** The claims a unit of work sets for itself (max_enter). */
export const agentClaims = (tenant: string) => ({ role: 'max_agent', tenant_id: tenant });

/**
 * Two tenants with a row in every tenant table, written as the owner (past RLS). Both have a
 * sender, session, pending action and memory for the same chat id, with values naming the tenant,
 * so a row that crossed tenants is recognisable.
 */
export async function seedTwoTenants(admin: Sql): Promise<void> {
  for (const id of ['alpha', 'beta'] as const) {
    await admin`
      insert into tenants (id, name, green_api_instance_id, green_api_url, crm_base_url)
      values (${id}, ${`Tenant ${id}`}, ${INSTANCES[id]}, 'http://127.0.0.1:8091', 'http://127.0.0.1:8090')`;
    await admin`insert into tenant_secrets (tenant_id, name, key_id, ciphertext) values (${id}, 'crm_api_key', 'k1', ${`v1.k1.x.${id}.y.z`})`;
    for (const role of ROLES)
      await admin`insert into tenant_members (tenant_id, user_id, role) values (${id}, ${MEMBERS[id][role]}, ${role})`;
    await admin`insert into whatsapp_senders (tenant_id, chat_id, role, display_name)
                values (${id}, ${SHARED_CHAT}, 'admin', ${`${id} boss`})`;
    if (id === 'beta')
      await admin`insert into whatsapp_senders (tenant_id, chat_id, role) values (${id}, '33622222222@c.us', 'admin')`;
    const [m] = await admin`
      insert into inbound_messages (tenant_id, id_message, chat_id, sender_id, type_message, status)
      values (${id}, ${`MSG-${id}`}, ${SHARED_CHAT}, ${SHARED_CHAT}, 'textMessage', 'done') returning id`;
    await admin`insert into sessions (tenant_id, chat_id, turns, focus)
                values (${id}, ${SHARED_CHAT}, ${JSON.stringify([{ role: 'user', text: `${id} said`, at: '2026-01-01T00:00:00Z' }])}::text::jsonb,
                        ${JSON.stringify({ entity: 'Lead', id: `${id}-lead`, name: null })}::text::jsonb)`;
    await admin`insert into tenant_memory (tenant_id, key, value) values (${id}, 'tone', ${`${id}-formal`})`;
    await admin`insert into pending_actions (tenant_id, chat_id, tool, args, args_digest, expires_at)
                values (${id}, ${SHARED_CHAT}, 'delete_lead', ${JSON.stringify({ tenant: id })}::text::jsonb, ${`d-${id}`}, now() + interval '1 hour')`;
    await admin`insert into tool_calls (tenant_id, message_id, call_index, tool, args_digest, ok, result)
                values (${id}, ${m!.id}, 0, 'create_lead', 'd', true, '{}')`;
    await admin`insert into max_logs (tenant_id, message_id, actor, action, result) values (${id}, ${m!.id}, 'x', 'create_lead', 'ok')`;
    await admin`insert into outbox (tenant_id, message_id, chat_id, body, send_key) values (${id}, ${m!.id}, ${SHARED_CHAT}, 'hi', ${`${id}:0`})`;
    await admin`insert into user_tenant_choice (user_id, tenant_id) values (${MEMBERS[id].admin}, ${id})`;
    await admin`insert into scheduled_items (tenant_id, kind, dedupe_key, chat_id, payload, due_at)
                values (${id}, 'report.weekly', ${`weekly:${id}`}, ${SHARED_CHAT}, ${JSON.stringify({ tenant: id })}::text::jsonb, now())`;
    await admin`insert into schedule_settings (tenant_id, chat_id, settings)
                values (${id}, '', ${JSON.stringify({ weeklyReport: id === 'alpha' })}::text::jsonb)`;
  }
}

export const TENANT_TABLES = [
  'tenants',
  'tenant_secrets',
  'tenant_members',
  'whatsapp_senders',
  'inbound_messages',
  'sessions',
  'tenant_memory',
  'pending_actions',
  'tool_calls',
  'max_logs',
  'outbox',
  'scheduled_items',
  'schedule_settings',
] as const;

/**
 * The operator's side: tables with a tenant column that neither the agent's units nor people may
 * touch (tenant_usage: a tenant's owners and admins read theirs). Their own test: operator-tables.
 */
export const OPERATOR_TABLES = [
  'credential_rotations',
  'health_incidents',
  'operator_alerts',
  'operator_audit',
  'tenant_health',
  'tenant_usage',
] as const;

/** The agent's own tables that people never read (outbound pacing): RLS per tenant for max_agent only. */
export const AGENT_ONLY_TABLES = ['outbound_pacing', 'outbound_sends'] as const;

/** Runs `fn` in a transaction as `role` with the given claims, then rolls back. */
export async function asClaims<T>(
  sql: Sql,
  role: string,
  claims: Record<string, unknown> | null,
  fn: (tx: Sql) => Promise<T>,
): Promise<T> {
  let out: T | undefined;
  let failure: unknown;
  await sql
    .begin(async (tx) => {
      await tx`select set_config('role', ${role}, true), set_config('request.jwt.claims', ${claims ? JSON.stringify(claims) : ''}, true)`;
      try {
        out = await fn(tx as unknown as Sql);
      } catch (e) {
        failure = e;
      }
      throw new Error('rollback');
    })
    .catch((e: Error) => {
      if (e.message !== 'rollback') throw e;
    });
  if (failure) throw failure;
  return out as T;
}

/** Runs one statement; its rows, or the refusal (SQLSTATE, message and detail) it got. */
export async function attempt(tx: Sql, stmt: string, params: Array<string | null> = []) {
  try {
    return { rows: await tx.unsafe(stmt, params) };
  } catch (e) {
    const err = e as { code?: string; message?: string; detail?: string };
    return { code: err.code, message: err.message, detail: err.detail };
  }
}

/** The id of beta's seeded message (as the owner sees it). */
export async function betaMessageId(admin: Sql): Promise<string> {
  const [m] =
    await admin`select id from inbound_messages where tenant_id = 'beta' and id_message = 'MSG-beta'`;
  return String(m!.id);
}
