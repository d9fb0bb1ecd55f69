import type { Probe } from './probes.ts';

/**
 * Which message each reply answers: the one of its chat whose reply marker it holds. A reply can
 * name two of them (a task "for" the lead created just before): the one whose kind of reply it is
 * wins.
 */
export function attribute(
  probes: Probe[],
  replies: Array<{ chatId: string; message: string }>,
): Map<number, Probe> {
  const byChat = new Map<string, Probe[]>();
  for (const p of probes) byChat.set(p.chatId, [...(byChat.get(p.chatId) ?? []), p]);
  const owners = new Map<number, Probe>();
  replies.forEach((r, i) => {
    const text = r.message.toLowerCase();
    const named = (byChat.get(r.chatId) ?? []).filter((p) => text.includes(p.replyMarker.toLowerCase()));
    const owner = named.find((p) => p.replyPattern.test(r.message)) ?? named[0];
    if (owner) owners.set(i, owner);
  });
  return owners;
}

/** When each message was first answered (ms), from the replies attributed to it. */
export function answerTimes(replies: Array<{ at: number }>, owners: Map<number, Probe>): Map<Probe, number> {
  const first = new Map<Probe, number>();
  for (const [i, p] of owners) {
    const at = replies[i]!.at;
    if (!first.has(p) || at < first.get(p)!) first.set(p, at);
  }
  return first;
}

/**
 * Pairs [earlier, later] (in WhatsApp order, same chat) where the later one was answered first. Messages whose webhook never came (deliveries 0: found later by the backstop) are
 * left out: nothing could have known they existed.
 */
export function outOfOrder(probes: Probe[], answered: Map<Probe, number>): Array<[Probe, Probe]> {
  const byChat = new Map<string, Probe[]>();
  for (const p of probes)
    if (p.deliveries !== 0 && answered.has(p)) byChat.set(p.chatId, [...(byChat.get(p.chatId) ?? []), p]);
  const out: Array<[Probe, Probe]> = [];
  for (const list of byChat.values()) {
    list.sort((a, b) => a.timestamp - b.timestamp || (a.idMessage < b.idMessage ? -1 : 1));
    let latest: Probe | null = null;
    for (const p of list) {
      // p is later in WhatsApp than every message before it in `list`: none may be answered after it.
      if (latest && answered.get(latest)! > answered.get(p)!) out.push([latest, p]);
      if (!latest || answered.get(p)! > answered.get(latest)!) latest = p;
    }
  }
  return out;
}
