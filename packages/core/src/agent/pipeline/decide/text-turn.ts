import type { Session } from '../../../store/types.ts';
import { describeDropped } from '../../confirm/describers.ts';
import type { Lang } from '../../lang.ts';
import { memoryAudit } from '../../memory/changes.ts';
import { fixedReplies, pick } from '../../render/messages.ts';
import { isNo, isStart, isStop, isYes } from '../claim/control-words.ts';
import { confirmPending } from './confirm-pending.ts';
import { pendingArgsDigest } from './pending-check.ts';
import { answerRequests } from './requests.ts';
import { remember } from './session.ts';
import { note, plan, type TurnInput, type TurnPlan } from './turn-plan.ts';

/**
 * A team member's text, in this order: STOP/START (opt-out), a yes/no to the action waiting for
 * one, then the request(s). Any other message cancels the action that was waiting for a yes, and
 * the reply says so.
 */
export async function textTurn(t: TurnInput, session: Session, text: string, lang: Lang): Promise<TurnPlan> {
  const { ctx, conv } = t;
  const reply = (body: string) => [{ chatId: conv.chatId, body }];
  const optedOut = ctx.sender?.optedOut ?? false;
  if (t.channel === 'whatsapp' && isStop(text)) {
    if (optedOut) return plan({ outcome: 'opt_out_repeat' });
    return plan({
      outcome: 'opt_out',
      audit: [note(t, 'opt_out')],
      optOut: { chatId: conv.senderId, value: true },
      replies: reply(pick(fixedReplies.optedOut, lang)),
    });
  }
  if (t.channel === 'whatsapp' && isStart(text) && optedOut)
    return plan({
      outcome: 'opt_in',
      audit: [note(t, 'opt_in')],
      optOut: { chatId: conv.senderId, value: false },
      replies: reply(pick(fixedReplies.optedIn, lang)),
    });
  const pending = ctx.pending;
  const yesNo = isYes(text) || isNo(text);
  if (pending && yesNo) {
    const done = await confirmPending(t, pending, isYes(text), session, lang);
    const who = { messageId: t.turn.messageId, actor: conv.senderId };
    return plan({
      outcome: 'confirmation',
      ...done,
      audit: [...done.audit, ...memoryAudit(who, done.memory, ctx.memory)],
      replies: reply(done.reply),
    });
  }
  if (yesNo)
    return plan({
      outcome: 'nothing_to_confirm',
      session: remember(t, session, text, pick(fixedReplies.confirmNone, lang)),
      replies: reply(pick(fixedReplies.confirmNone, lang)),
    });
  const answered = await answerRequests(t, session, text, lang);
  if (!pending) return answered;
  const dropped = pick(fixedReplies.pendingDropped, lang)(describeDropped(pending.tool, pending.args, lang));
  return {
    ...answered,
    pendingResolve: { id: pending.id, resolution: 'cancelled' },
    audit: [
      {
        ...note(t, pending.tool, 'denied'),
        argsDigest: await pendingArgsDigest(pending),
        detail: { confirmed: false, reason: 'dropped' },
      },
      ...answered.audit,
    ],
    replies: answered.replies.map((r, i) => (i === 0 ? { ...r, body: `${dropped}\n\n${r.body}` } : r)),
  };
}
