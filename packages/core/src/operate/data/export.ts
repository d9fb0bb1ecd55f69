import type { Actor, OperateDeps } from '../deps.ts';
import { assertTenantAllowed, mustReadTenant } from '../tenants.ts';

/** The archive's format: one JSON document per line (NDJSON), documented in the README (Operate). */
export const EXPORT_FORMAT = { format: 'max-export', version: 1 } as const;

/**
 * What is exported, in order, and how each table is read: every row MAX holds for the tenant, but
 * secrets (names and key ids only, never a ciphertext).
 */
const TABLES: Array<{ table: string; select: string; order: string }> = [
  { table: 'tenants', select: '*', order: 'id' },
  { table: 'tenant_secrets', select: 'name, key_id, updated_at', order: 'name' },
  { table: 'tenant_members', select: '*', order: 'user_id' },
  { table: 'whatsapp_senders', select: '*', order: 'chat_id' },
  { table: 'tenant_memory', select: '*', order: 'key' },
  { table: 'sessions', select: '*', order: 'chat_id' },
  { table: 'inbound_messages', select: '*', order: 'received_at, id' },
  { table: 'pending_actions', select: '*', order: 'created_at, id' },
  { table: 'tool_calls', select: '*', order: 'created_at, message_id, call_index' },
  { table: 'outbox', select: '*', order: 'created_at, id' },
  { table: 'max_logs', select: '*', order: 'id' },
  { table: 'tenant_usage', select: '*', order: 'day' },
  { table: 'tenant_health', select: '*', order: 'tenant_id' },
  { table: 'health_incidents', select: '*', order: 'opened_at, id' },
  {
    table: 'credential_rotations',
    select: 'id, tenant_id, service, state, started_at, switched_at, grace_until, finished_at, actor, detail',
    order: 'started_at, id',
  },
  { table: 'operator_audit', select: '*', order: 'id' },
];
const PAGE = 1000;

/**
 * One archive of everything MAX holds for a tenant: a header line, then `{"table", "row"}` lines
 * table by table (read a page at a time), then `{"end": true, "counts"}`. `write` gets each line.
 */
export async function exportTenant(
  ops: OperateDeps,
  actor: Actor,
  tenantId: string,
  write: (line: string) => void | Promise<void>,
): Promise<Record<string, number>> {
  assertTenantAllowed(actor, tenantId);
  await mustReadTenant(ops, tenantId);
  const counts: Record<string, number> = {};
  await write(
    JSON.stringify({
      ...EXPORT_FORMAT,
      tenantId,
      exportedAt: ops.clock.now().toISOString(),
      tables: TABLES.map((t) => t.table),
      secrets: 'names and key ids only',
    }),
  );
  for (const t of TABLES) {
    const key = t.table === 'tenants' ? 'id' : 'tenant_id';
    let n = 0;
    for (let offset = 0; ; offset += PAGE) {
      // Table and column names come from the list above, never from input.
      const rows = await ops.sql(`export_${t.table}`, (sql) =>
        Promise.resolve(
          sql.unsafe(
            `select ${t.select} from public.${t.table} where ${key} = $1 order by ${t.order} limit ${PAGE} offset ${offset}`,
            [tenantId],
          ),
        ),
      );
      for (const row of rows) await write(JSON.stringify({ table: t.table, row }));
      n += rows.length;
      if (rows.length < PAGE) break;
    }
    counts[t.table] = n;
  }
  await write(JSON.stringify({ end: true, counts }));
  return counts;
}
