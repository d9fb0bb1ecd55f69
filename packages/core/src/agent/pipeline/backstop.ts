import { lastIncomingToWebhook } from '../../greenapi/last-incoming-to-webhook.ts';
import { parseQueueMessage } from '../../queue/message.ts';
import { describeError } from '../../shared/errors.ts';
import type { PipelineDeps } from './handle-inbound.ts';
import { processQueueMessage } from './handle-inbound.ts';
import { flushOutbox } from './send-outbox.ts';

export interface BackstopReport {
  instances: number;
  /** Replies left unsent by an earlier failure, sent now. */
  repliesFlushed: number;
  seen: number;
  processed: number;
  duplicates: number;
  skipped: number;
  failed: number;
}

/**
 * The lost-webhook backstop (a cron trigger asks for it): due unsent replies are sent, then each
 * active instance's recent incoming messages go through the normal path. The database claim makes it idempotent with the webhook.
 */
export async function runBackstop(
  deps: PipelineDeps,
  opts: { minutes: number; requestId: string },
): Promise<BackstopReport> {
  const report: BackstopReport = {
    instances: 0,
    repliesFlushed: 0,
    seen: 0,
    processed: 0,
    duplicates: 0,
    skipped: 0,
    failed: 0,
  };
  const log = deps.logger.child({ requestId: opts.requestId, job: 'backstop' });
  for (const { tenantId, idInstance } of await deps.store.listActiveInstances()) {
    report.instances++;
    try {
      const ctx = await deps.store.forTenant(tenantId).loadContext('backstop@c.us');
      const clients = await deps.clients(ctx.tenant, ctx.secrets);
      // Replies whose send failed and whose message was not redelivered: send them now.
      report.repliesFlushed += (
        await flushOutbox(deps.store.forTenant(tenantId), clients.whatsapp, deps.clock, log)
      ).sent;
      if (!clients.whatsapp.lastIncomingMessages) continue;
      const recent = await clients.whatsapp.lastIncomingMessages(opts.minutes);
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
        const res = await processQueueMessage(deps, parsed.message);
        if (res.body.duplicate) report.duplicates++;
        else if (res.status === 200) report.processed++;
        else report.failed++;
      }
    } catch (e) {
      report.failed++;
      log.warn('backstop.instance_failed', { tenantId, ...describeError(e) });
    }
  }
  log.info('backstop.done', { ...report });
  return report;
}
