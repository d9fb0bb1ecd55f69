import { AppError } from '../../../shared/errors.ts';
import type { Logger } from '../../../shared/logger.ts';
import type { OutboxRow } from '../../../store/types.ts';
import { type PipelineDeps, settingsOf } from '../wiring/deps.ts';
import type { TenantClients } from '../wiring/ports.ts';
import { type SendReport, sendRows } from './send.ts';

/** A tenant's clients outside a claimed turn (its settings and, when needed, secrets: one round trip). */
export async function clientsFor(deps: PipelineDeps, tenantId: string, log: Logger): Promise<TenantClients> {
  const ctx = await deps.store.tenantContext(tenantId, deps.clients.knownVersion(tenantId));
  if (!ctx) throw new AppError('not_found', 'Tenant not visible');
  return deps.clients.forTenant(ctx.tenant, ctx.secrets, log);
}

/**
 * Sends replies outside a turn: rows already taken, one message's unsent replies (a redelivery of
 * a finished message), or every due reply of the tenant (the backstop).
 */
export async function flushRows(
  deps: PipelineDeps,
  tenantId: string,
  what: { rows: OutboxRow[] } | { messageId: string } | { due: true },
  log: Logger,
): Promise<SendReport> {
  const clients = await clientsFor(deps, tenantId, log);
  const rows =
    'rows' in what
      ? what.rows
      : await deps.store.takeOutbox(tenantId, {
          ...('messageId' in what ? { messageId: what.messageId } : {}),
          limit: 20,
          dueOnly: 'due' in what,
        });
  if (!rows.length) return { taken: 0, sent: 0, unsent: 0, retryAfterMs: 0 };
  return sendRows(
    {
      store: deps.store,
      clock: deps.clock,
      logger: log,
      tenantId,
      whatsapp: clients.whatsapp,
      journalLagMs: settingsOf(deps).journalLagMs,
    },
    rows,
  );
}
