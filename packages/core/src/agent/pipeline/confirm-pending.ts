import type { Clock } from '../../shared/clock.ts';
import type { Logger } from '../../shared/logger.ts';
import type { TenantStore } from '../../store/port.ts';
import type { AuditEntry, PendingAction, TenantContext } from '../../store/types.ts';
import { fixedReplies, pick } from '../render/messages.ts';
import { type Lang, renderOutcome } from '../render/replies.ts';
import { argsDigest, executeTool } from '../run-agent.ts';
import { findTool } from '../tools/registry.ts';
import type { Focus, ToolOutcome } from '../types.ts';
import type { TenantClients } from './ports.ts';

export interface ConfirmInput {
  yes: boolean;
  pending: PendingAction;
  ctx: TenantContext;
  clients: TenantClients;
  ts: TenantStore;
  messageId: string;
  actor: string;
  today: string;
  lang: Lang;
  clock: Clock;
  logger: Logger;
  focus: Focus;
}

/**
 * Runs a confirmed risky action exactly as it was stored: same tool, same arguments (checked by
 * digest), still an admin sender. The pending row was consumed by the take, so it runs once.
 */
export async function confirmPending(
  i: ConfirmInput,
): Promise<{ reply: string; audit: AuditEntry[]; focus: Focus }> {
  const audit: AuditEntry[] = [];
  const started = i.clock.now().getTime();
  const push = (
    result: AuditEntry['result'],
    o: ToolOutcome | null,
    digest: string | null,
    extra?: Record<string, unknown>,
  ) =>
    audit.push({
      messageId: i.messageId,
      actor: i.actor,
      action: i.pending.tool,
      targetEntity: o?.ok && o.records[0] ? 'Lead' : null,
      targetId: o?.ok ? (o.records[0]?.id ?? null) : null,
      argsDigest: digest,
      result,
      latencyMs: i.clock.now().getTime() - started,
      detail: { confirmed: i.yes, pendingId: i.pending.id, ...(o ? { outcome: o.kind } : {}), ...extra },
    });
  if (!i.yes) {
    push('denied', null, i.pending.argsDigest, { reason: 'cancelled' });
    return { reply: pick(fixedReplies.cancelled, i.lang), audit, focus: i.focus };
  }
  const tool = findTool(i.pending.tool);
  const parsed = tool?.parameters.safeParse(i.pending.args);
  const digest = tool && parsed?.success ? await argsDigest(tool.name, parsed.data) : null;
  if (!tool || !parsed?.success || digest !== i.pending.argsDigest || i.ctx.sender?.role !== 'admin') {
    push('denied', null, i.pending.argsDigest, { reason: 'binding_mismatch' });
    return { reply: pick(fixedReplies.confirmNone, i.lang), audit, focus: i.focus };
  }
  const stored = new Map((await i.ts.getToolResults(i.messageId)).map((r) => [r.callIndex, r]));
  const state = { focus: i.focus };
  const outcome = await executeTool(
    { messageId: i.messageId, store: i.ts, logger: i.logger },
    {
      crm: i.clients.crm,
      tenant: i.ctx.tenant,
      role: 'admin',
      focus: i.focus,
      today: i.today,
      clock: i.clock,
      logger: i.logger,
    },
    state,
    tool,
    parsed.data,
    digest,
    0,
    stored,
    push,
  );
  return { reply: renderOutcome(outcome, i.lang), audit, focus: state.focus };
}
