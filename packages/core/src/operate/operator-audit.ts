import type { SqlClient } from '../store/postgres/sql-client.ts';
import type { Actor } from './deps.ts';

export interface OperatorCall {
  action: string;
  tenantId: string | null;
  result: 'ok' | 'error' | 'denied';
  status: number;
  /** Names, counts and codes only: never a secret value, message text or phone number. */
  detail?: Record<string, unknown>;
}

/** One row of operator_audit (append-only): every call, accepted or refused. */
export async function recordOperatorCall(sql: SqlClient, actor: Actor, call: OperatorCall): Promise<void> {
  await sql`
    insert into operator_audit (via, actor, action, tenant_id, result, status, request_id, detail)
    values (${actor.via}, ${actor.name}, ${call.action}, ${call.tenantId}, ${call.result}, ${call.status},
            ${actor.requestId}, ${call.detail ? JSON.stringify(call.detail) : null}::text::jsonb)`;
}
