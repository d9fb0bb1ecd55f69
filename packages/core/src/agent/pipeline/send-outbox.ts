import type { Clock } from '../../shared/clock.ts';
import { describeError, isAppError } from '../../shared/errors.ts';
import type { Logger } from '../../shared/logger.ts';
import type { TenantStore } from '../../store/port.ts';
import type { WhatsAppSender } from './ports.ts';

/** Backoff for a reply that could not be sent: 30 s, 1 min, 2 min … capped at 30 min. */
export const outboxRetryDelayMs = (attempts: number) =>
  Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 30 * 60_000);

/**
 * Sends due outbox rows (of one message, or any). Each row is locked while it is sent and keyed
 * by its send key, so two workers never send the same reply.
 */
export async function flushOutbox(
  ts: TenantStore,
  sender: WhatsAppSender,
  clock: Clock,
  logger: Logger,
  messageId?: string,
): Promise<{ sent: number; failed: number }> {
  const rows = await ts.takeOutbox(10, messageId);
  let sent = 0;
  let failed = 0;
  for (const row of rows) {
    try {
      const res = await sender.sendMessage({
        chatId: row.chatId,
        message: row.body,
        quotedMessageId: row.quotedMessageId ?? null,
      });
      await ts.completeOutbox(row.id, { sent: true, providerMessageId: res.idMessage });
      sent++;
    } catch (e) {
      failed++;
      const permanent = isAppError(e) && !e.retryable;
      logger.warn('outbox.send_failed', {
        outboxId: row.id,
        attempts: row.attempts,
        permanent,
        ...describeError(e),
      });
      await ts.completeOutbox(row.id, {
        sent: false,
        error: describeError(e).code,
        retryAt: permanent ? null : new Date(clock.now().getTime() + outboxRetryDelayMs(row.attempts)),
      });
    }
  }
  return { sent, failed };
}
