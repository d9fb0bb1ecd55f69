import type { QueueMessage } from './message.ts';

/**
 * The earlier messages each message of a queue batch must wait for: those of the same chat and
 * sender in the same batch with an earlier WhatsApp time (then idMessage). The consumer forwards a
 * batch's messages at the same time, so they reach the agent in any order; naming the earlier ones
 * lets the agent wait for exactly them (recorded within milliseconds), while a lone message waits
 * for nothing. Returns one list per message, in the batch's order (empty for most).
 */
export function batchAwaits(messages: ReadonlyArray<QueueMessage | null>): string[][] {
  const keyed = messages.map((m, i) => {
    const ev = m?.event;
    if (!m || m.kind === 'human_active' || ev?.typeWebhook !== 'incomingMessageReceived') return null;
    const chat = `${ev.instanceData.idInstance}|${ev.senderData.chatId}|${ev.senderData.sender ?? ev.senderData.chatId}`;
    return { i, chat, ts: ev.timestamp, id: ev.idMessage };
  });
  const out = messages.map((): string[] => []);
  const groups = new Map<string, Array<{ i: number; ts: number; id: string }>>();
  for (const k of keyed) if (k) groups.set(k.chat, [...(groups.get(k.chat) ?? []), k]);
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    for (const m of group)
      out[m.i] = group
        .filter((o) => o.id !== m.id && (o.ts < m.ts || (o.ts === m.ts && o.id < m.id)))
        .map((o) => o.id);
  }
  return out;
}
