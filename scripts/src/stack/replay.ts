import { parseQueueMessage, signInternal, storedToWebhook } from '@max/core';
import type { Sql } from 'postgres';

export interface ReplayTarget {
  agentUrl: string;
  agentSecret: string;
}

/**
 * Replays a dead message (`npm run tenant -- replay <tenant> <idMessage>`): rebuilds its webhook
 * from what the database kept, and hands it to the agent as the queue would, marked as a replay
 * so the claim may run it again. The agent's answer is returned as it came.
 */
export async function replayMessage(
  sql: Sql,
  tenantId: string,
  idMessage: string,
  to: ReplayTarget,
): Promise<{ status: number; body: unknown }> {
  const [row] = await sql`
    select m.id_message, m.chat_id, m.sender_id, m.wa_timestamp, m.type_message, m.status, m.content,
           t.green_api_instance_id
      from inbound_messages m join tenants t on t.id = m.tenant_id
     where m.tenant_id = ${tenantId} and m.id_message = ${idMessage}`;
  if (!row) throw new Error(`no message ${idMessage} in tenant ${tenantId}`);
  if (row.status !== 'dead')
    throw new Error(`message ${idMessage} is ${row.status}: only dead messages are replayed`);
  if (!row.content)
    throw new Error(
      `nothing was kept of message ${idMessage} (a stranger's, or not stored): it cannot be replayed`,
    );
  const event = storedToWebhook({
    idInstance: String(row.green_api_instance_id),
    idMessage: String(row.id_message),
    chatId: String(row.chat_id),
    senderId: String(row.sender_id),
    waTimestamp: Number(row.wa_timestamp),
    typeMessage: String(row.type_message),
    content: row.content as never,
  });
  if (!event) throw new Error(`message ${idMessage} has no text or file to replay`);
  const parsed = parseQueueMessage({
    v: 1,
    kind: 'inbound',
    requestId: `replay-${crypto.randomUUID()}`,
    receivedAt: new Date().toISOString(),
    event,
    replay: true,
  });
  if (!parsed.ok) throw new Error(`message ${idMessage} cannot be rebuilt: ${parsed.issues[0]?.message}`);
  const body = JSON.stringify(parsed.message);
  const res = await fetch(to.agentUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-request-id': parsed.message.requestId,
      ...(await signInternal(to.agentSecret, body, new Date())),
    },
    body,
    signal: AbortSignal.timeout(60_000),
  });
  return { status: res.status, body: await res.json().catch(() => null) };
}
