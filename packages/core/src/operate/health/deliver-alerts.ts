import { describeError } from '../../shared/errors.ts';
import type { OperateDeps } from '../deps.ts';

/** An alert the operator's webhook refused this often is given up (status failed, kept for the record). */
export const ALERT_MAX_ATTEMPTS = 10;

/**
 * Posts the pending operator alerts to ALERT_WEBHOOK_URL (JSON with a `text`, as Slack-compatible
 * incoming webhooks read it), oldest first; one that fails stays pending for the next run.
 */
export async function deliverOperatorAlerts(
  ops: OperateDeps,
): Promise<{ sent: number; failed: number; pending: number }> {
  const pending = await ops.sql('alerts_pending', (sql) =>
    Promise.resolve(
      sql`select id, payload from operator_alerts where status = 'pending' order by created_at limit 50`,
    ),
  );
  const url = ops.settings.alertWebhookUrl;
  if (!url) {
    if (pending.length) ops.logger.warn('alerts.no_channel', { pending: pending.length });
    return { sent: 0, failed: 0, pending: pending.length };
  }
  let sent = 0;
  let failed = 0;
  for (const row of pending) {
    let error: string | null = null;
    try {
      const res = await ops.fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(row.payload),
        signal: AbortSignal.timeout(ops.settings.checkTimeoutMs),
      });
      await res.body?.cancel().catch(() => undefined);
      if (!res.ok) error = `status ${res.status}`;
    } catch (e) {
      error = describeError(e).message;
    }
    await ops.sql('alert_done', async (sql) => {
      if (!error)
        await sql`update operator_alerts set status = 'sent', sent_at = now(), attempts = attempts + 1 where id = ${String(row.id)}`;
      else
        await sql`
          update operator_alerts set attempts = attempts + 1, last_error = ${error.slice(0, 200)},
                 status = case when attempts + 1 >= ${ALERT_MAX_ATTEMPTS} then 'failed' else 'pending' end
           where id = ${String(row.id)}`;
    });
    if (error) {
      failed++;
      ops.logger.warn('alerts.delivery_failed', { error });
    } else sent++;
  }
  return { sent, failed, pending: pending.length - sent };
}
