import { parseQueueMessage, retryAfterMs, signInternal, storedToWebhook } from '@max/core';
import type { Sql } from 'postgres';

export interface ReplayTarget {
  agentUrl: string;
  agentSecret: string;
}

export interface ReplayReport {
  /** The agent's last answer. */
  status: number;
  body: unknown;
  /** How many times it was handed to the agent (a busy chat sends it back: it is handed again). */
  tries: number;
  /** The message's status once the replay ended (done, dead, or still open when the deadline passed). */
  messageStatus: string;
  /** What the message's sender was answered (sent or still to send), in order. */
  replies: Array<{ body: string; status: string }>;
}

/** Statuses a replay may take up: dead, or open with no delivery left (an earlier replay that ran out of time). */
const REPLAYABLE = new Set(['dead', 'failed', 'received']);

/**
 * Replays a message (`npm run tenant -- replay <tenant> <idMessage>`): rebuilds its webhook from
 * what the database kept and hands it to the agent as the queue would, marked as a replay so the
 * claim may run a dead message again. Like the queue, it comes back when the agent says to (a busy
 * chat, an earlier message first, a retry), until the message is final or `deadlineMs` has
 * passed; then it says what became of it and what its sender was answered.
 */
export async function replayMessage(
  sql: Sql,
  tenantId: string,
  idMessage: string,
  to: ReplayTarget,
  o: { deadlineMs?: number; sleep?: (ms: number) => Promise<void> } = {},
): Promise<ReplayReport> {
  const [row] = await sql`
    select m.id, m.id_message, m.chat_id, m.sender_id, m.wa_timestamp, m.type_message, m.status, m.content,
           t.green_api_instance_id
      from inbound_messages m join tenants t on t.id = m.tenant_id
     where m.tenant_id = ${tenantId} and m.id_message = ${idMessage}`;
  if (!row) throw new Error(`no message ${idMessage} in tenant ${tenantId}`);
  if (!REPLAYABLE.has(String(row.status)))
    throw new Error(
      `message ${idMessage} is ${row.status}: only dead messages are replayed (and open ones left without a delivery)`,
    );
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
  const sleep = o.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  const deadline = Date.now() + (o.deadlineMs ?? 120_000);
  let tries = 0;
  let last: { status: number; body: unknown };
  for (;;) {
    tries++;
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
    last = { status: res.status, body: await res.json().catch(() => null) };
    // Final: done (200) or refused for good (4xx other than a timeout or a rate limit).
    const again = res.status === 202 || res.status >= 500 || res.status === 408 || res.status === 429;
    if (!again || Date.now() >= deadline) break;
    const wait = retryAfterMs(res.headers.get('retry-after'), new Date()) ?? 2000;
    await sleep(Math.min(Math.max(wait, 250), 10_000, Math.max(0, deadline - Date.now())));
  }
  const [now] = await sql`select status from inbound_messages where id = ${row.id}`;
  const replies = await sql<Array<{ body: string; status: string }>>`
    select body, status from outbox where tenant_id = ${tenantId} and message_id = ${row.id} order by created_at, send_key`;
  return { ...last, tries, messageStatus: String(now?.status), replies: [...replies] };
}
