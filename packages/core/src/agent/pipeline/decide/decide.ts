import { schedulerPort, WHATSAPP_CHAT } from '../../../scheduler/port.ts';
import type { AuditEntry, Session } from '../../../store/types.ts';
import { createJournal } from '../../act/journal.ts';
import { describeDropped } from '../../confirm/describers.ts';
import type { Lang } from '../../lang.ts';
import { type AgentResult, runAgent } from '../../loop/run-agent.ts';
import { applyChanges, memoryAudit, senderChanges, sharesMemory, withSender } from '../../memory/changes.ts';
import { fixedReplies, pick } from '../../render/messages.ts';
import { languageSignal } from '../../rules/index.ts';
import type { ToolOutcome } from '../../types.ts';
import { isNo, isStart, isStop, isYes } from '../claim/control-words.ts';
import { addressedText } from '../claim/conversation.ts';
import { settingsOf } from '../wiring/deps.ts';
import { confirmPending, pendingArgsDigest } from './confirm-pending.ts';
import { localDate } from './dates.ts';
import { importRequest, previewImport } from './import-turn.ts';
import { requestText } from './media.ts';
import { memoryChanges } from './memory-changes.ts';
import { namedRecords } from './named-records.ts';
import { leadReplyOf, outboundOf } from './outreach-turn.ts';
import { sealPending } from './pending-seal.ts';
import { pastPlanLimit } from './plan-limit.ts';
import { segmentRequests } from './segments.ts';

import type { TurnInput, TurnPlan } from './turn-plan.ts';

const note = (t: TurnInput, action: string, result: AuditEntry['result'] = 'ok'): AuditEntry => ({
  messageId: t.turn.messageId,
  actor: t.conv.senderId,
  action,
  targetEntity: null,
  targetId: null,
  argsDigest: null,
  result,
  latencyMs: 0,
});

const plan = (p: Partial<TurnPlan> & Pick<TurnPlan, 'outcome'>): TurnPlan => ({
  status: 'done',
  audit: [],
  session: null,
  merged: [],
  replies: [],
  ...p,
});

/**
 * The decide stage: who wrote, whether MAX should answer at all, and what the answer is. The
 * checks run in this order: stranger, group addressing, human pause, media, opt-out, a pending
 * confirmation, then the request(s) through the model or the rules engine.
 */
export async function decideTurn(t: TurnInput): Promise<TurnPlan> {
  const p = await decide(t);
  const m = p.memory;
  // Tenant-memory changes are decided from the memory this turn read: the commit checks it is
  // still that (a concurrent turn may have taken the goal number this one chose).
  if (m && (Object.keys(m.set).length > 0 || m.delete.length > 0))
    return { ...p, memory: { ...m, basedOn: t.ctx.memory } };
  return p;
}

async function decide(t: TurnInput): Promise<TurnPlan> {
  const { ctx, conv } = t;
  // A sender who asked for a language ("réponds-moi en anglais") gets it, whatever they write in;
  // otherwise the message's own language, and a message that shows none ("ok", a name, an e-mail)
  // follows the sender's last one in this chat, not the tenant's default.
  const lang: Lang =
    ctx.sender?.preferredLanguage ??
    (t.msg.text ? languageSignal(t.msg.text) : null) ??
    lastLanguage(ctx.session) ??
    ctx.tenant.locale;
  if (!t.role) {
    // One of the tenant's leads or contacts writing in: recorded and passed to the team, not refused.
    const before = t.clients.crmRequests?.() ?? 0;
    const fromLead = conv.isGroup ? null : await leadReplyOf(t, lang);
    // The number looked up in the tenant's CRM: its requests are metered like a tool's (usage: crm_calls).
    const crmCalls = (t.clients.crmRequests?.() ?? 0) - before;
    const lookup: AuditEntry[] =
      crmCalls > 0 ? [{ ...note(t, 'sender_lookup'), detail: { crm_calls: crmCalls } }] : [];
    const metered = (a: AuditEntry[]): AuditEntry[] => [...a, ...lookup];
    if (fromLead) return plan({ ...fromLead, audit: metered(fromLead.audit ?? []) });
    // One polite refusal per person (never in a group); nothing of the stranger's message is kept.
    const reply =
      conv.isGroup || ctx.refusedBefore
        ? []
        : [{ chatId: conv.chatId, body: pick(fixedReplies.unknownSender, lang) }];
    return plan({
      outcome: 'unknown_sender',
      audit: metered([note(t, 'unknown_sender', 'denied')]),
      replies: reply,
    });
  }
  let text = t.msg.text;
  if (conv.isGroup) {
    text = text ? addressedText(text, { assistantName: ctx.tenant.assistantName, ownWid: t.ownWid }) : null;
    if (!text) return plan({ status: 'ignored', outcome: 'group_not_addressed' });
  }
  const session: Session = ctx.session ?? { key: conv.key, turns: [], pausedUntil: null, focus: null };
  if (session.pausedUntil && new Date(session.pausedUntil) > t.deps.clock.now())
    return plan({ outcome: 'paused', audit: [note(t, 'paused', 'denied')] });
  // A spreadsheet sent to MAX ("importe ces leads"): its preview, and the import waits for a yes.
  const importing = t.channel === 'whatsapp' ? importRequest(t) : null;
  if (importing) {
    const p = await previewImport(t, importing.entity, lang);
    const drop = ctx.pending ? { id: ctx.pending.id, resolution: 'cancelled' as const } : null;
    return plan({ ...p, session, ...(drop ? { pendingResolve: drop } : {}) });
  }
  const got = await requestText(t, { ...t.msg, text }, lang);
  if ('reply' in got)
    return plan({ outcome: got.outcome, session, replies: [{ chatId: conv.chatId, body: got.reply }] });
  const decided = await decideText(t, session, got.text, lang);
  if (got.transcribedSeconds === undefined) return decided;
  // A voice note was transcribed: one audit row says so, with its length (metering).
  const heard: AuditEntry = {
    ...note(t, 'transcription'),
    detail: { seconds: got.transcribedSeconds ?? 0, measured: got.transcribedSeconds !== null },
  };
  return { ...decided, audit: [heard, ...decided.audit] };
}

async function decideText(t: TurnInput, session: Session, text: string, lang: Lang): Promise<TurnPlan> {
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
  if (pending && (isYes(text) || isNo(text))) {
    const done = await confirmPending(t, pending, isYes(text), session, lang);
    const changed = memoryAudit(who(t), done.memory, ctx.memory);
    return plan({
      outcome: 'confirmation',
      ...done,
      audit: [...done.audit, ...changed],
      replies: reply(done.reply),
    });
  }
  if (!pending && (isYes(text) || isNo(text)))
    return plan({
      outcome: 'nothing_to_confirm',
      session: remember(t, session, text, pick(fixedReplies.confirmNone, lang)),
      replies: reply(pick(fixedReplies.confirmNone, lang)),
    });
  const answered = await answerRequests(t, session, text, lang);
  if (!pending) return answered;
  // Any other message cancels the action that was waiting for a yes, and the reply says so.
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

/** The request(s) of this turn (a burst may hold several), each run and answered. */
async function answerRequests(t: TurnInput, session: Session, text: string, lang: Lang): Promise<TurnPlan> {
  const { ctx, conv, deps } = t;
  const today = localDate(deps.clock.now(), ctx.tenant.timezone);
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
  const audit: AuditEntry[] = [];
  const bodies: string[] = [];
  const outcomes: ToolOutcome[] = [];
  let focus = session.focus;
  // Each request sees what the earlier ones of the turn remembered or forgot.
  let memory = ctx.memory;
  const sender = senderFacts(t);
  let pending: AgentResult['pending'] = null;
  const metrics = { engine: 'rules', modelCalls: 0, promptTokens: 0, toolCalls: 0 };
  const requests = segmentRequests(parts, { useModel: Boolean(t.clients.model), today, lang });
  for (const [i, r] of requests.entries()) {
    const res = await runAgent({
      texts: r.texts,
      lang,
      messageId: t.turn.messageId,
      actor: conv.senderId,
      role: t.role!,
      tenant: ctx.tenant,
      focus,
      focusFresh: i > 0 || isRecent(session, deps.clock.now()),
      history: session.turns,
      today,
      crm: t.clients.crm,
      model: t.clients.model,
      clock: deps.clock,
      logger: t.log,
      journal,
      indexBase: i * 100,
      pendingKey: conv.key,
      memory,
      sender,
      // WhatsApp senders only (the web chat's key is no chat): reminders and settings are per chat.
      scheduler: WHATSAPP_CHAT.test(conv.senderId)
        ? schedulerPort(deps.store, { tenantId: ctx.tenant.id, chatId: conv.senderId, clock: deps.clock })
        : null,
      pastPlanLimit: pastPlanLimit(ctx.tenant, ctx.sender, deps.clock.now()),
      ...(t.clients.crmRequests ? { crmRequests: t.clients.crmRequests } : {}),
      ...(t.channel === 'whatsapp' ? { outbound: outboundOf(t) } : {}),
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
  const after = remember(t, { ...session, focus }, parts.map((p) => p.text).join('\n'), bodies.join('\n\n'));
  const changes = withSender(memoryChanges(outcomes), senderChanges(outcomes, conv.senderId));
  return plan({
    outcome: pending ? 'pending_confirmation' : 'answered',
    audit: [...audit, ...memoryAudit(who(t), changes, ctx.memory)],
    session: after,
    merged: parts.slice(1).map((p) => p.id),
    replies: route(t, bodies, outcomes, lang),
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

/** Replies go to the chat, except CRM data in a group that keeps it private: to the sender, with a note in the group. */
function route(t: TurnInput, bodies: string[], outcomes: ToolOutcome[], lang: Lang) {
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

/** The language of the sender's latest message in this chat that showed one. */
function lastLanguage(session: Session | null): Lang | null {
  for (const turn of [...(session?.turns ?? [])].reverse()) {
    const lang = turn.role === 'user' ? languageSignal(turn.text) : null;
    if (lang) return lang;
  }
  return null;
}

const who = (t: TurnInput) => ({ messageId: t.turn.messageId, actor: t.conv.senderId });

/** The sender's own facts, for the model's context and the tools (null: no WhatsApp sender). */
const senderFacts = (t: TurnInput) =>
  t.ctx.sender
    ? { name: t.ctx.sender.preferredName ?? null, language: t.ctx.sender.preferredLanguage ?? null }
    : null;

/** The conversation's last turn was moments ago (a follow-up, not a new subject). */
const isRecent = (s: Session, now: Date) => {
  const last = s.turns.at(-1)?.at;
  return last !== undefined && now.getTime() - Date.parse(last) < 5 * 60_000;
};

function remember(t: TurnInput, s: Session, text: string, answer: string): Session {
  const at = t.deps.clock.now().toISOString();
  return { ...s, turns: [...s.turns, { role: 'user', text, at }, { role: 'assistant', text: answer, at }] };
}
