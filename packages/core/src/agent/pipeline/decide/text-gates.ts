import type { Session } from '../../../store/types.ts';
import { isNo, isStart, isStop, isYes } from '../../control-words.ts';
import type { Lang } from '../../lang.ts';
import { fixedReplies, pick } from '../../render/messages.ts';
import { remember } from '../session.ts';
import { note, plan, type TurnInput } from '../turn-plan.ts';
import type { Decision } from './decision.ts';

/**
 * A team member's text, in this order: STOP/START (opt-out), a yes/no to the action waiting for
 * one (or to nothing), then the request(s), which cancel the action that was waiting for a yes.
 */
export function textGates(t: TurnInput, session: Session, text: string, lang: Lang): Decision {
  const { ctx, conv } = t;
  const answer = (p: Parameters<typeof plan>[0]): Decision => ({ kind: 'answer', plan: plan(p) });
  const reply = (body: string) => [{ chatId: conv.chatId, body }];
  const optedOut = ctx.sender?.optedOut ?? false;
  if (t.channel === 'whatsapp' && isStop(text)) {
    if (optedOut) return answer({ outcome: 'opt_out_repeat' });
    return answer({
      outcome: 'opt_out',
      audit: [note(t, 'opt_out')],
      optOut: { chatId: conv.senderId, value: true },
      replies: reply(pick(fixedReplies.optedOut, lang)),
    });
  }
  if (t.channel === 'whatsapp' && isStart(text) && optedOut)
    return answer({
      outcome: 'opt_in',
      audit: [note(t, 'opt_in')],
      optOut: { chatId: conv.senderId, value: false },
      replies: reply(pick(fixedReplies.optedIn, lang)),
    });
  const pending = ctx.pending;
  if (isYes(text) || isNo(text)) {
    if (pending) return { kind: 'confirm', lang, session, pending, yes: isYes(text) };
    return answer({
      outcome: 'nothing_to_confirm',
      session: remember(t, session, text, pick(fixedReplies.confirmNone, lang)),
      replies: reply(pick(fixedReplies.confirmNone, lang)),
    });
  }
  return { kind: 'requests', lang, session, text, drop: pending };
}
