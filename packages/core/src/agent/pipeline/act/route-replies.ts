import type { Lang } from '../../lang.ts';
import { sharesMemory } from '../../memory/changes.ts';
import { fixedReplies, pick } from '../../render/messages.ts';
import type { ToolOutcome } from '../../types.ts';
import type { TurnInput } from '../turn-plan.ts';

/** Replies go to the chat, except CRM data in a group that keeps it private: to the sender, with a note in the group. */
export function routeReplies(t: TurnInput, bodies: string[], outcomes: ToolOutcome[], lang: Lang) {
  const { conv, ctx } = t;
  const sharesCrmData = outcomes.some(
    (o) => (o.ok && o.records.length > 0) || o.kind === 'ambiguous' || sharesMemory(o),
  );
  if (conv.isGroup && sharesCrmData && !ctx.tenant.groupCrmData)
    return [
      ...bodies.map((body) => ({ chatId: conv.senderId, body })),
      { chatId: conv.chatId, body: pick(fixedReplies.answeredPrivately, lang) },
    ];
  return bodies.map((body) => ({ chatId: conv.chatId, body }));
}
