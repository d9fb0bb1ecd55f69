import type { ConsoleOp } from '../queue/console-job.ts';
import { AppError } from '../shared/errors.ts';
import type { SqlQuery, SqlRow } from '../store/postgres/sql-client.ts';
import { myTenants } from './tenant-ops.ts';

/**
 * The console's reads and writes, each run as the signed-in person (Store.asPerson): plain SQL over
 * the tables and the person functions, so what a person gets is what RLS and tenant_members allow,
 * exactly as through Supabase's REST API. The admin views also ask the database for the person's
 * role (current_member_role(), tenant_members as it is now, never the token's word).
 */
type Op<K extends ConsoleOp['op']> = Extract<ConsoleOp, { op: K }>;

const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : v === null ? null : String(v));

async function requireAdmin(tx: SqlQuery): Promise<void> {
  const [r] = await tx`select public.current_member_role() as role`;
  if (r?.role !== 'owner' && r?.role !== 'admin')
    throw new AppError('forbidden', 'Only an owner or admin of this tenant sees this');
}

export async function me(tx: SqlQuery) {
  const [t] = await tx`
    select t.id, t.name, t.locale, t.crm_mode, t.crm_public_url, t.status,
           public.current_member_role() as role, public.current_user_id()::text as user_id
      from public.tenants t`;
  // RLS shows a tenant only to its members: nothing here means not (or no longer) a member.
  if (!t?.role) throw new AppError('forbidden', 'Not a member of this tenant');
  return {
    tenant: {
      id: String(t.id),
      name: String(t.name),
      locale: String(t.locale),
      crmMode: String(t.crm_mode),
      crmPublicUrl: t.crm_public_url === null ? null : String(t.crm_public_url),
      status: String(t.status),
    },
    role: String(t.role),
    userId: String(t.user_id),
    // The person's businesses, for the tenant switcher (same transaction: no second request).
    tenants: (await myTenants(tx)).tenants,
  };
}

const auditRow = (r: SqlRow) => ({
  id: Number(r.id),
  at: iso(r.created_at),
  actor: String(r.actor),
  action: String(r.action),
  targetEntity: r.target_entity === null ? null : String(r.target_entity),
  targetId: r.target_id === null ? null : String(r.target_id),
  result: String(r.result),
  latencyMs: Number(r.latency_ms),
  detail: (r.detail ?? null) as Record<string, unknown> | null,
});

/** The audit log, newest first, filtered, a page at a time (keyset on the id: stable while rows arrive). */
export async function activity(tx: SqlQuery, q: Op<'activity'>) {
  await requireAdmin(tx);
  const rows = await tx`
    select id, created_at, actor, action, target_entity, target_id, result, latency_ms, detail
      from public.max_logs
     where (${q.action ?? null}::text is null or action = ${q.action ?? null})
       and (${q.actor ?? null}::text is null or actor = ${q.actor ?? null})
       and (${q.from ?? null}::date is null or created_at >= ${q.from ?? null}::date)
       and (${q.to ?? null}::date is null or created_at < ${q.to ?? null}::date + 1)
       and (${q.before ?? null}::bigint is null or id < ${q.before ?? null})
     order by id desc
     limit ${q.limit + 1}`;
  const page = rows.slice(0, q.limit).map(auditRow);
  // The filters' choices: every action and actor of the tenant's log (small sets).
  const [choices] = await tx`
    select coalesce((select array_agg(distinct action order by action) from public.max_logs), '{}') as actions,
           coalesce((select array_agg(distinct actor order by actor) from public.max_logs), '{}') as actors`;
  return {
    rows: page,
    next: rows.length > q.limit ? page.at(-1)!.id : null,
    actions: (choices?.actions ?? []) as string[],
    actors: (choices?.actors ?? []) as string[],
  };
}

/** Web members (with their e-mail) and WhatsApp numbers, with their roles. */
export async function team(tx: SqlQuery) {
  await requireAdmin(tx);
  const members = await tx`
    select m.user_id::text as user_id, m.role, m.created_at, e.email
      from public.tenant_members m left join public.team_emails() e on e.user_id = m.user_id
     order by m.created_at, m.user_id`;
  const senders = await tx`
    select chat_id, role, display_name, opted_out, created_at from public.whatsapp_senders order by created_at, chat_id`;
  return {
    members: members.map((r) => ({
      userId: String(r.user_id),
      email: r.email === null ? null : String(r.email),
      role: String(r.role),
      since: iso(r.created_at),
    })),
    senders: senders.map((r) => ({
      phone: `+${String(r.chat_id).replace(/@c\.us$/, '')}`,
      chatId: String(r.chat_id),
      role: String(r.role),
      name: r.display_name === null ? null : String(r.display_name),
      optedOut: Boolean(r.opted_out),
      since: iso(r.created_at),
    })),
  };
}

export async function memory(tx: SqlQuery) {
  const rows = await tx`select key, value, updated_at from public.tenant_memory order by key`;
  const [r] = await tx`select public.current_member_role() as role`;
  return {
    entries: rows.map((m) => ({ key: String(m.key), value: String(m.value), updatedAt: iso(m.updated_at) })),
    canEdit: r?.role === 'owner' || r?.role === 'admin',
  };
}

export async function setMemory(tx: SqlQuery, q: Op<'memory.set'>) {
  await tx`select public.set_tenant_memory(${q.key}, ${q.value})`;
  return { key: q.key, saved: true };
}

export async function forgetMemory(tx: SqlQuery, q: Op<'memory.forget'>) {
  const [r] = await tx`select public.forget_tenant_memory(${q.key}) as found`;
  if (!r?.found) throw new AppError('not_found', 'No such memory entry');
  return { key: q.key, forgotten: true };
}

/** Confirmations waiting for a yes (any chat of the tenant): what, for whom, until when. */
export async function pending(tx: SqlQuery) {
  await requireAdmin(tx);
  const rows = await tx`
    select id::text as id, chat_id, tool, args, created_at, expires_at
      from public.pending_actions
     where consumed_at is null and expires_at > now()
     order by created_at desc limit 100`;
  return {
    rows: rows.map((r) => ({
      id: String(r.id),
      chatId: String(r.chat_id),
      tool: String(r.tool),
      args: r.args as Record<string, unknown>,
      createdAt: iso(r.created_at),
      expiresAt: iso(r.expires_at),
    })),
  };
}
