import type { Clock } from '../../../shared/clock.ts';
import { describeError, isAppError } from '../../../shared/errors.ts';
import type { Logger } from '../../../shared/logger.ts';
import { nextDelayMs } from '../../../shared/retry.ts';
import type { Store } from '../../../store/port.ts';
import type { OutboxRow, SendResult } from '../../../store/types.ts';
import type { WhatsAppSender } from '../../whatsapp-ports.ts';

export interface SendReport {
  /** Rows taken for sending (0: none was due, or another sender holds them). */
  taken: number;
  sent: number;
  /** Rows not sent yet (they will be retried); the earliest retry in ms. */
  unsent: number;
  retryAfterMs: number;
}

/**
 * The send stage: each taken outbox row is sent at most once. A row whose last send may have gone
 * out (its outcome was unknown, or a sender died while it was `sending`) is first looked up in
 * Green-API's record of sent messages; a send is never retried blindly within one flush.
 */
export interface SendOptions {
  store: Store;
  clock: Clock;
  logger: Logger;
  tenantId: string;
  whatsapp: WhatsAppSender;
  /**
   * Green-API lists a sent message in its journal only after a while (up to minutes, per its docs):
   * a row whose send may have happened is not checked (nor re-sent) before it is this old.
   */
  journalLagMs?: number;
}

export async function sendRows(o: SendOptions, rows: OutboxRow[]): Promise<SendReport> {
  const report: SendReport = {
    taken: rows.length,
    sent: 0,
    unsent: 0,
    retryAfterMs: Number.POSITIVE_INFINITY,
  };
  for (const row of rows) {
    const result = await sendOne(o, row);
    if ('found' in result || result.sent) report.sent++;
    else if (!result.permanent) {
      report.unsent++;
      report.retryAfterMs = Math.min(report.retryAfterMs, result.retryAfterMs);
    }
  }
  if (!Number.isFinite(report.retryAfterMs)) report.retryAfterMs = 0;
  return report;
}

/** Sends (or finds already sent) one row and records the outcome; returns it. */
async function sendOne(o: SendOptions, row: OutboxRow): Promise<SendResult> {
  const retryAfterMs = nextDelayMs(row.attempts, { baseMs: 2000, maxMs: 30_000, random: Math.random });
  let result: SendResult;
  try {
    if (row.checkFirst) {
      const age = o.clock.now().getTime() - new Date(row.createdAt).getTime();
      const lag = o.journalLagMs ?? 0;
      if (age < lag)
        return complete(o, row, {
          sent: false,
          delivery: 'unknown',
          error: 'awaiting_journal',
          retryAfterMs: lag - age,
        });
      if (!o.whatsapp.findSent)
        return complete(o, row, {
          sent: false,
          delivery: 'unknown',
          error: 'cannot_check_sent',
          retryAfterMs,
          permanent: true,
        });
      const candidates = await o.whatsapp.findSent({
        chatId: row.chatId,
        message: row.body,
        since: new Date(row.createdAt),
      });
      if (
        candidates.length &&
        (await o.store.completeSend(o.tenantId, row.id, { found: true, candidates })) === 'sent'
      ) {
        o.logger.info('outbox.found_sent', { outboxId: row.id, attempts: row.attempts });
        return { found: true, candidates };
      }
    }
    const res = await o.whatsapp.sendMessage({
      chatId: row.chatId,
      message: row.body,
      quotedMessageId: row.quotedMessageId ?? null,
    });
    result = { sent: true, providerMessageId: res.idMessage };
  } catch (e) {
    result = failure(o.logger, row, e, retryAfterMs);
  }
  return complete(o, row, result);
}

async function complete(
  o: { store: Store; tenantId: string },
  row: OutboxRow,
  r: SendResult,
): Promise<SendResult> {
  await o.store.completeSend(o.tenantId, row.id, r);
  return r;
}

function failure(logger: Logger, row: OutboxRow, e: unknown, retryAfterMs: number): SendResult {
  {
    const info = describeError(e);
    const permanent = isAppError(e) && !e.retryable;
    // Only an answer that proves nothing went out makes a plain re-send safe.
    const delivery = isAppError(e) && e.details?.delivery === 'not_sent' ? 'not_sent' : 'unknown';
    logger.warn('outbox.send_failed', {
      outboxId: row.id,
      attempts: row.attempts,
      permanent,
      delivery,
      ...info,
    });
    const hinted = isAppError(e) && typeof e.details?.retryAfterMs === 'number' ? e.details.retryAfterMs : 0;
    return {
      sent: false,
      delivery,
      error: info.code,
      retryAfterMs: Math.max(retryAfterMs, hinted),
      permanent,
    };
  }
}
