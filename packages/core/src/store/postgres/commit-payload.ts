import type { CommitTurnInput } from '../types.ts';

/** Bounded conversational context: what the model may see of a chat (trimmed in SQL too). */
export const SESSION_TURNS_KEPT = 12;

/** The commit's JSON, in the column names the SQL function reads. */
export function commitPayload(i: CommitTurnInput) {
  return {
    tenantId: i.tenantId,
    messageId: i.messageId,
    attempt: i.attempt,
    status: i.status,
    outcome: i.outcome,
    error: i.error ?? null,
    merged: i.merged,
    audit: i.audit.map((a) => ({
      message_id: a.messageId,
      actor: a.actor,
      action: a.action,
      target_entity: a.targetEntity,
      target_id: a.targetId,
      args_digest: a.argsDigest,
      result: a.result,
      latency_ms: Math.max(0, Math.round(a.latencyMs)),
      detail: a.detail ?? null,
    })),
    session: i.session
      ? {
          key: i.session.key,
          turns: i.session.turns.slice(-SESSION_TURNS_KEPT),
          focus: i.session.focus,
          pausedUntil: i.session.pausedUntil,
        }
      : null,
    pendingCreate: i.pendingCreate ?? null,
    pendingResolve: i.pendingResolve ?? null,
    optOut: i.optOut ?? null,
    memory: i.memory ?? null,
    outbox: i.outbox.map((o) => ({
      chat_id: o.chatId,
      body: o.body,
      quoted_message_id: o.quotedMessageId ?? null,
      send_key: o.sendKey,
    })),
  };
}
