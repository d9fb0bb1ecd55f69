import type { AuditEntry } from '../../../store/types.ts';
import type { Lang } from '../../lang.ts';
import { fixedReplies, pick } from '../../render/messages.ts';
import { note, plan, type TurnInput, type TurnPlan } from '../turn-plan.ts';
import { leadReplyOf } from './outreach-turn.ts';

/**
 * A sender who is not on the team. One of the tenant's leads or contacts writing in is recorded and
 * passed to the team, not refused; anyone else gets one polite refusal per person (never in a
 * group), and nothing of their message is kept.
 */
export async function strangerTurn(t: TurnInput, lang: Lang): Promise<TurnPlan> {
  const { ctx, conv } = t;
  const before = t.clients.crmRequests?.() ?? 0;
  const fromLead = conv.isGroup ? null : await leadReplyOf(t, lang);
  // The number looked up in the tenant's CRM: its requests are metered like a tool's (usage: crm_calls).
  const crmCalls = (t.clients.crmRequests?.() ?? 0) - before;
  const lookup: AuditEntry[] =
    crmCalls > 0 ? [{ ...note(t, 'sender_lookup'), detail: { crm_calls: crmCalls } }] : [];
  if (fromLead) return plan({ ...fromLead, audit: [...(fromLead.audit ?? []), ...lookup] });
  const reply =
    conv.isGroup || ctx.refusedBefore
      ? []
      : [{ chatId: conv.chatId, body: pick(fixedReplies.unknownSender, lang) }];
  return plan({
    outcome: 'unknown_sender',
    audit: [note(t, 'unknown_sender', 'denied'), ...lookup],
    replies: reply,
  });
}
