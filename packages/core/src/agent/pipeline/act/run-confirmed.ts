import { schedulerPort } from '../../../scheduler/port.ts';
import type { Session } from '../../../store/types.ts';
import { executeTool } from '../../calls/execute-tool.ts';
import { createJournal } from '../../calls/journal.ts';
import type { ToolOutcome } from '../../types.ts';
import type { TurnInput } from '../turn-plan.ts';
import { settingsOf } from '../wiring/deps.ts';
import { localDate } from './dates.ts';
import type { PendingCheck } from './pending-check.ts';

/** Runs the checked action once (an earlier attempt's result is reused), counting its CRM requests. */
export async function runConfirmed(
  t: TurnInput,
  session: Session,
  c: Extract<PendingCheck, { kind: 'run' }>,
): Promise<{ outcome: ToolOutcome; reused: boolean; crmCalls: number }> {
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
  const ran = await executeTool({ ctx, journal }, c.tool, c.args, c.digest, 0);
  return { ...ran, crmCalls: (t.clients.crmRequests?.() ?? 0) - before };
}

/** The sender's WhatsApp files (an import's spreadsheet), through the tenant's Green-API client. */
const downloadOf = (t: TurnInput) => (url: string) => {
  const get = t.clients.whatsapp.downloadFile;
  if (!get) throw new Error('This WhatsApp client cannot download files');
  return get(url);
};
