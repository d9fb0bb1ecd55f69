import { schedulerPort } from '../../../scheduler/port.ts';
import type { AuditEntry, PendingAction, Session } from '../../../store/types.ts';
import { argsDigest, auditRow, executeTool, isAllowed } from '../../act/execute-tool.ts';
import { createJournal } from '../../act/journal.ts';
import { fixedReplies, pick } from '../../render/messages.ts';
import { type Lang, renderOutcome } from '../../render/replies.ts';
import { findTool } from '../../tools/registry.ts';
import { settingsOf } from '../wiring/deps.ts';
import { localDate } from './dates.ts';
import { memoryChanges } from './memory-changes.ts';
import { type NamedRecord, namedRecords } from './named-records.ts';
import { pendingSealMatches } from './pending-seal.ts';
import { pastPlanLimit } from './plan-limit.ts';
import type { TurnInput, TurnPlan } from './turn-plan.ts';

/**
 * Runs a confirmed risky action exactly as it was stored: same tool, same arguments (checked by
 * the agent's seal over tenant, conversation, tool and arguments' digest), still an admin sender,
 * still allowed in this tenant's CRM mode. The commit consumes the pending row, so it runs once.
 */
export async function confirmPending(
  t: TurnInput,
  pending: PendingAction,
  yes: boolean,
  session: Session,
  lang: Lang,
): Promise<{
  reply: string;
  audit: AuditEntry[];
  session: Session;
  pendingResolve: { id: string; resolution: 'confirmed' | 'cancelled' };
  memory?: TurnPlan['memory'];
  records?: NamedRecord[];
}> {
  const started = t.deps.clock.now().getTime();
  const tool = findTool(pending.tool);
  const parsed = tool?.parameters.safeParse(pending.args);
  const digest = tool && parsed?.success ? await argsDigest(tool.name, parsed.data) : null;
  const row = (
    result: AuditEntry['result'],
    o: Parameters<typeof auditRow>[3],
    extra: Record<string, unknown>,
  ) =>
    auditRow(
      {
        messageId: t.turn.messageId,
        actor: t.conv.senderId,
        started,
        now: t.deps.clock.now().getTime(),
        engine: 'rules',
      },
      pending.tool,
      result,
      o,
      digest,
      { confirmed: yes, pendingId: pending.id, ...extra },
    );
  const resolve = { id: pending.id, resolution: yes ? ('confirmed' as const) : ('cancelled' as const) };
  if (!yes)
    return {
      reply: pick(fixedReplies.cancelled, lang),
      audit: [row('denied', null, { reason: 'cancelled' })],
      session,
      pendingResolve: resolve,
    };
  const sealed =
    digest !== null &&
    (await pendingSealMatches(
      t.deps.agentSecret,
      { tenantId: t.turn.tenantId, key: pending.key, tool: pending.tool, argsDigest: digest },
      pending.argsDigest,
    ));
  const sharedSchema = tool?.changesSchema && t.ctx.tenant.crmMode === 'shared';
  // A risky tool needs an admin; a record the rules engine proposed needs the sender's own rights.
  const allowed = tool && t.role && isAllowed(tool, t.role) && (!tool.confirm || t.role === 'admin');
  if (!tool || !parsed?.success || !digest || !sealed || !allowed || sharedSchema)
    return {
      reply: pick(fixedReplies.confirmNone, lang),
      audit: [row('denied', null, { reason: 'binding_mismatch' })],
      session,
      pendingResolve: { id: pending.id, resolution: 'cancelled' },
    };
  // The plan's limit was reached since MAX asked: the yes is answered, the action is not run.
  if (tool.writes && pastPlanLimit(t.ctx.tenant, t.ctx.sender, t.deps.clock.now()))
    return {
      reply: renderOutcome({ ok: false, kind: 'denied', reason: 'plan_limit' }, lang),
      audit: [row('denied', null, { reason: 'plan_limit' })],
      session,
      pendingResolve: { id: pending.id, resolution: 'cancelled' },
    };
  const journal = createJournal({
    store: t.deps.store,
    turn: t.turn,
    stored: t.ctx.stored,
    leaseMs: settingsOf(t.deps).leaseMs,
    since: new Date(new Date(t.receivedAt).getTime() - 2 * 60_000),
  });
  const ctx = {
    crm: t.clients.crm,
    tenant: t.ctx.tenant,
    role: t.role!,
    focus: session.focus,
    today: localDate(t.deps.clock.now(), t.ctx.tenant.timezone),
    clock: t.deps.clock,
    logger: t.log,
    memory: t.ctx.memory,
    messageId: t.turn.messageId,
    ...(t.channel === 'whatsapp'
      ? {
          download: (url: string) => downloadOf(t)(url),
          scheduler: schedulerPort(t.deps.store, {
            tenantId: t.turn.tenantId,
            chatId: t.conv.senderId,
            clock: t.deps.clock,
          }),
        }
      : {}),
  };
  const before = t.clients.crmRequests?.() ?? 0;
  const { outcome, reused } = await executeTool({ ctx, journal }, tool, parsed.data, digest, 0);
  const crmCalls = (t.clients.crmRequests?.() ?? 0) - before;
  const focus = outcome.ok && outcome.focus !== undefined ? outcome.focus : session.focus;
  return {
    reply: renderOutcome(outcome, lang),
    audit: [
      row(reused ? 'reused' : outcome.ok ? 'ok' : 'error', outcome, crmCalls ? { crm_calls: crmCalls } : {}),
    ],
    session: { ...session, focus },
    pendingResolve: resolve,
    memory: memoryChanges([outcome]),
    records: namedRecords([outcome]),
  };
}

/** The sender's WhatsApp files (an import's spreadsheet), through the tenant's Green-API client. */
const downloadOf = (t: TurnInput) => (url: string) => {
  const get = t.clients.whatsapp.downloadFile;
  if (!get) throw new Error('This WhatsApp client cannot download files');
  return get(url);
};

/** The digest of a pending action's tool and arguments (what the audit records), null when they no longer parse. */
export async function pendingArgsDigest(pending: PendingAction): Promise<string | null> {
  const tool = findTool(pending.tool);
  const parsed = tool?.parameters.safeParse(pending.args);
  return tool && parsed?.success ? argsDigest(tool.name, parsed.data) : null;
}
