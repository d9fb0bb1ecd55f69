import { schedulerPort, WHATSAPP_CHAT } from '../../../scheduler/port.ts';
import type { AuditEntry, Session } from '../../../store/types.ts';
import { createJournal } from '../../calls/journal.ts';
import { describeDropped } from '../../confirm/describers.ts';
import type { Lang } from '../../lang.ts';
import { type AgentResult, runAgent } from '../../loop/run-agent.ts';
import { applyChanges, memoryAudit, senderChanges, withSender } from '../../memory/changes.ts';
import { fixedReplies, pick } from '../../render/messages.ts';
import type { ToolOutcome } from '../../types.ts';
import type { Decision } from '../decide/decision.ts';
import { namedRecords } from '../named-records.ts';
import { isRecent, remember } from '../session.ts';
import { note, plan, type TurnInput, type TurnPlan } from '../turn-plan.ts';
import { settingsOf } from '../wiring/deps.ts';
import { localDate } from './dates.ts';
import { memoryChanges } from './memory-changes.ts';
import { outboundOf } from './outreach-turn.ts';
import { pendingArgsDigest } from './pending-check.ts';
import { sealPending } from './pending-seal.ts';
import { pastPlanLimit } from './plan-limit.ts';
import { routeReplies } from './route-replies.ts';
import { segmentRequests } from './segments.ts';

/**
 * The request(s) of a team member's text, answered. An action that was waiting for a yes is
 * cancelled by them, and the reply says so first.
 */
export async function requestsTurn(
  t: TurnInput,
  d: Extract<Decision, { kind: 'requests' }>,
): Promise<TurnPlan> {
  const answered = await answerRequests(t, d.session, d.text, d.lang);
  const pending = d.drop;
  if (!pending) return answered;
  const dropped = pick(
    fixedReplies.pendingDropped,
    d.lang,
  )(describeDropped(pending.tool, pending.args, d.lang));
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

/**
 * The request(s) of this turn (a burst may hold several), each decided and acted on by the agent
 * (loop/run-agent.ts) in order, each seeing what the earlier ones remembered or forgot; one plan
 * holds their replies, audit, memory changes and the action waiting for a yes, if any.
 */
async function answerRequests(t: TurnInput, session: Session, text: string, lang: Lang): Promise<TurnPlan> {
  const { ctx, conv, deps } = t;
  const now = deps.clock.now();
  const today = localDate(now, ctx.tenant.timezone);
  const texts = t.followers.filter((f) => f.content.kind === 'text' && typeof f.content.text === 'string');
  const parts = [
    { id: t.turn.messageId, text },
    ...texts.map((f) => ({ id: f.id, text: String(f.content.text) })),
  ];
  const journal = createJournal({
    store: deps.store,
    turn: t.turn,
    stored: ctx.stored,
    leaseMs: settingsOf(deps).leaseMs,
    since: new Date(new Date(t.receivedAt).getTime() - 2 * 60_000),
  });
  // The same for every request of the turn: who writes, their rights and the ports the tools use.
  const fixed = {
    lang,
    messageId: t.turn.messageId,
    actor: conv.senderId,
    role: t.role!,
    tenant: ctx.tenant,
    history: session.turns,
    today,
    crm: t.clients.crm,
    model: t.clients.model,
    clock: deps.clock,
    logger: t.log,
    journal,
    pendingKey: conv.key,
    sender: ctx.sender
      ? { name: ctx.sender.preferredName ?? null, language: ctx.sender.preferredLanguage ?? null }
      : null,
    // WhatsApp senders only (the web chat's key is no chat): reminders and settings are per chat.
    scheduler: WHATSAPP_CHAT.test(conv.senderId)
      ? schedulerPort(deps.store, { tenantId: ctx.tenant.id, chatId: conv.senderId, clock: deps.clock })
      : null,
    pastPlanLimit: pastPlanLimit(ctx.tenant, ctx.sender, now),
    ...(t.clients.crmRequests ? { crmRequests: t.clients.crmRequests } : {}),
    ...(t.channel === 'whatsapp' ? { outbound: outboundOf(t) } : {}),
  };
  const audit: AuditEntry[] = [];
  const bodies: string[] = [];
  const outcomes: ToolOutcome[] = [];
  let focus = session.focus;
  let memory = ctx.memory;
  let pending: AgentResult['pending'] = null;
  const metrics = { engine: 'rules', modelCalls: 0, promptTokens: 0, toolCalls: 0 };
  const requests = segmentRequests(parts, { useModel: Boolean(t.clients.model), today, lang });
  for (const [i, r] of requests.entries()) {
    const res = await runAgent({
      ...fixed,
      texts: r.texts,
      focus,
      focusFresh: i > 0 || isRecent(session, now),
      indexBase: i * 100,
      memory,
    });
    focus = res.focus;
    memory = applyChanges(memory, memoryChanges(res.outcomes));
    audit.push(...res.audit);
    outcomes.push(...res.outcomes);
    bodies.push(res.reply);
    pending = res.pending ?? pending;
    Object.assign(metrics, {
      engine: res.engine,
      modelCalls: metrics.modelCalls + res.modelCalls,
      promptTokens: metrics.promptTokens + res.promptTokens,
      toolCalls: metrics.toolCalls + res.audit.filter((a) => a.action !== 'model_usage').length,
    });
  }
  const changes = withSender(memoryChanges(outcomes), senderChanges(outcomes, conv.senderId));
  return plan({
    outcome: pending ? 'pending_confirmation' : 'answered',
    audit: [
      ...audit,
      ...memoryAudit({ messageId: t.turn.messageId, actor: conv.senderId }, changes, ctx.memory),
    ],
    session: remember(t, { ...session, focus }, parts.map((p) => p.text).join('\n'), bodies.join('\n\n')),
    merged: parts.slice(1).map((p) => p.id),
    replies: routeReplies(t, bodies, outcomes, lang),
    // Stored sealed: only a confirmation MAX asked for in this conversation can be confirmed.
    pendingCreate: pending && {
      ...pending,
      argsDigest: await sealPending(deps.agentSecret, { tenantId: t.turn.tenantId, ...pending }),
    },
    memory: changes,
    metrics,
    records: namedRecords(outcomes),
  });
}
