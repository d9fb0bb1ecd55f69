import { findTool } from '@max/core';
import type { Sql } from 'postgres';
import type { AuditCall } from './observation.ts';

/**
 * What MAX did with one message, from its own records: the audit rows of its tool calls (max_logs),
 * each with the stored outcome of a write (tool_calls, matched by tool and arguments digest).
 */
export async function auditedCalls(
  sql: Sql,
  tenantId: string,
  idMessage: string,
): Promise<AuditCall[] | null> {
  const [msg] =
    await sql`select id from inbound_messages where tenant_id = ${tenantId} and id_message = ${idMessage}`;
  if (!msg) return null;
  const logs = await sql`
    select action, result, target_entity, target_id, args_digest from max_logs
     where tenant_id = ${tenantId} and message_id = ${msg.id} order by id`;
  const stored = await sql`
    select tool, args_digest, result from tool_calls
     where tenant_id = ${tenantId} and message_id = ${msg.id} order by call_index`;
  const unused = [...stored];
  return logs
    .filter((l) => findTool(String(l.action)))
    .map((l) => {
      const i = unused.findIndex((s) => s.tool === l.action && s.args_digest === l.args_digest);
      const outcome = i >= 0 ? (unused.splice(i, 1)[0]!.result as Record<string, unknown>) : null;
      return {
        tool: String(l.action),
        result: String(l.result),
        targetEntity: (l.target_entity as string | null) ?? null,
        targetId: (l.target_id as string | null) ?? null,
        argsDigest: (l.args_digest as string | null) ?? null,
        outcome,
      };
    });
}
