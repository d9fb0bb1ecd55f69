import { lastIncomingToWebhook } from '../../../greenapi/last-incoming-to-webhook.ts';
import { parseQueueMessage } from '../../../queue/message.ts';
import { describeError } from '../../../shared/errors.ts';
import type { Logger } from '../../../shared/logger.ts';
import { clientsFor, flushRows } from '../send/flush.ts';
import type { PipelineDeps } from '../wiring/deps.ts';
import { runWhatsAppTurn } from './whatsapp-turn.ts';

export interface BackstopReport {
  instances: number;
  /** Replies left unsent by an earlier failure, sent now. */
  repliesFlushed: number;
  seen: number;
  processed: number;
  duplicates: number;
  /** Not their turn yet (an earlier message first, or the chat's rate): the next run finds them again. */
  deferred: number;
  skipped: number;
  failed: number;
}

/**
 * The lost-webhook backstop (a cron trigger asks for it): due unsent replies are sent, then each
 * active instance's recent incoming messages go through the normal path; the claim makes it
 * idempotent with the webhook. It is the last resort for webhooks that never arrived — recovery
 * after a fault is the queue's own retries.
 */
export async function runBackstop(
  deps: PipelineDeps,
  opts: { minutes: number; requestId: string },
  logger: Logger,
): Promise<BackstopReport> {
  const report: BackstopReport = {
    instances: 0,
    repliesFlushed: 0,
    seen: 0,
    processed: 0,
    duplicates: 0,
    deferred: 0,
    skipped: 0,
    failed: 0,
  };
  const log = logger.child({ job: 'backstop' });
  for (const { tenantId, idInstance } of await deps.store.activeInstances()) {
    report.instances++;
    const tlog = log.child({ tenantId });
    try {
      report.repliesFlushed += (await flushRows(deps, tenantId, { due: true }, tlog)).sent;
      const whatsapp = (await clientsFor(deps, tenantId, tlog)).whatsapp;
      if (!whatsapp.lastIncomingMessages) continue;
      const recent = await whatsapp.lastIncomingMessages(opts.minutes);
      // Oldest first: WhatsApp order.
      for (const m of [...recent].sort((a, b) => a.timestamp - b.timestamp)) {
        report.seen++;
        const event = lastIncomingToWebhook(m, idInstance);
        const parsed =
          event &&
          parseQueueMessage({
            v: 1,
            kind: 'inbound',
            requestId: `${opts.requestId}:${m.idMessage}`,
            receivedAt: new Date(m.timestamp * 1000).toISOString(),
            event,
          });
        if (!parsed?.ok) {
          report.skipped++;
          continue;
        }
        // In WhatsApp order, one after the other: a found message never waits to be reordered.
        const res = await runWhatsAppTurn(
          deps,
          parsed.message,
          tlog.child({ requestId: parsed.message.requestId }),
          {
            inOrder: true,
          },
        );
        const outcome = res.body.outcome;
        if (outcome === 'duplicate') report.duplicates++;
        else if (outcome === 'defer') report.deferred++;
        else if (res.status === 200) report.processed++;
        else report.failed++;
      }
    } catch (e) {
      report.failed++;
      tlog.warn('backstop.instance_failed', describeError(e));
    }
  }
  log.info('backstop.done', { ...report });
  return report;
}
