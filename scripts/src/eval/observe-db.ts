import { findTool } from '@max/core';
import type { Sql } from 'postgres';
import type { AuditCall } from './observation.ts';

/**
 * What MAX did with one message, from its own records: the audit rows of its tool calls (max_logs),
 * each with the stored outcome of a write (tool_calls, matched by tool and arguments digest). A
 * memory tool's result is never stored (the turn's commit applies it): its outcome is read back
 * from what it changed, the keys its audit row names with their values in tenant_memory now, and
 * the sender's stored name and language.
 */
export async function auditedCalls(
  sql: Sql,
  tenantId: string,
  idMessage: string,
  chatId: string,
): Promise<AuditCall[] | null> {
  const [msg] =
    await sql`select id from inbound_messages where tenant_id = ${tenantId} and id_message = ${idMessage}`;
  if (!msg) return null;
  const logs = await sql`
    select action, result, target_entity, target_id, args_digest, detail from max_logs
     where tenant_id = ${tenantId} and message_id = ${msg.id} order by id`;
  const stored = await sql`
    select tool, args_digest, result from tool_calls
     where tenant_id = ${tenantId} and message_id = ${msg.id} order by call_index`;
  const unused = [...stored];
  const calls: AuditCall[] = [];
  for (const l of logs) {
    const tool = findTool(String(l.action));
    if (!tool) continue;
    const i = unused.findIndex((s) => s.tool === l.action && s.args_digest === l.args_digest);
    let outcome = i >= 0 ? (unused.splice(i, 1)[0]!.result as Record<string, unknown>) : null;
    if (!outcome && tool.committedWithTurn && l.result === 'ok')
      outcome = await memoryOutcome(sql, tenantId, chatId, l.detail as Detail | null);
    calls.push({
      tool: String(l.action),
      result: String(l.result),
      targetEntity: (l.target_entity as string | null) ?? null,
      targetId: (l.target_id as string | null) ?? null,
      argsDigest: (l.args_digest as string | null) ?? null,
      outcome,
    });
  }
  return calls;
}

type Detail = { audit?: { keys?: string[]; fields?: string[] } };

async function memoryOutcome(sql: Sql, tenantId: string, chatId: string, detail: Detail | null) {
  const keys = detail?.audit?.keys ?? [];
  const fields = detail?.audit?.fields ?? [];
  const rows = keys.length
    ? await sql`select key, value from tenant_memory where tenant_id = ${tenantId} and key in ${sql(keys)}`
    : [];
  const now = new Map(rows.map((r) => [String(r.key), String(r.value)]));
  const set = Object.fromEntries(keys.filter((k) => now.has(k)).map((k) => [k, now.get(k)!]));
  const del = keys.filter((k) => !now.has(k));
  const out: Record<string, unknown> = { memory: { set, delete: del } };
  if (fields.length) {
    const [s] = await sql`select preferred_name, preferred_language from whatsapp_senders
       where tenant_id = ${tenantId} and chat_id = ${chatId}`;
    const sender: Record<string, unknown> = {};
    if (fields.includes('name')) sender.name = s?.preferred_name ?? null;
    if (fields.includes('language')) sender.language = s?.preferred_language ?? null;
    out.sender = sender;
  }
  return out;
}
