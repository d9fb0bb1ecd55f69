import { describeError } from '../../shared/errors.ts';
import type { OperateDeps } from '../deps.ts';

/** An alert the operator's webhook refused this often is given up (status failed, kept for the record). */
export const ALERT_MAX_ATTEMPTS = 10;

/**
 * Posts the due operator alerts to ALERT_WEBHOOK_URL (JSON with a `text`, as Slack-compatible
 * incoming webhooks read it), oldest first. Each is taken first (sending, for two minutes), so two
 * runs at once never post it twice; one the webhook refuses is retried by a later run, with backoff.
 */
export async function deliverOperatorAlerts(
  ops: OperateDeps,
): Promise<{ sent: number; failed: number; pending: number }> {
  const url = ops.settings.alertWebhookUrl;
  if (!url) {
    const [n] = await ops.sql('alerts_pending', (sql) =>
      Promise.resolve(
        sql`select count(*)::int as n from operator_alerts where status in ('pending', 'sending')`,
      ),
    );
    if ((n!.n as number) > 0) ops.logger.warn('alerts.no_channel', { pending: n!.n });
    return { sent: 0, failed: 0, pending: n!.n as number };
  }
  const taken = await ops.sql('alerts_take', (sql) =>
    Promise.resolve(sql`
      update operator_alerts set status = 'sending', attempts = attempts + 1, next_attempt_at = now() + interval '2 minutes'
       where id in (select id from operator_alerts
                     where status in ('pending', 'sending') and next_attempt_at <= now()
                     order by created_at limit 50 for update skip locked)
      returning id, payload, attempts`),
  );
  let sent = 0;
  let failed = 0;
  for (const row of taken) {
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
    const attempts = Number(row.attempts);
    await ops.sql('alert_done', async (sql) => {
      if (!error)
        await sql`update operator_alerts set status = 'sent', sent_at = now() where id = ${String(row.id)}`;
      else
        await sql`
          update operator_alerts set last_error = ${error.slice(0, 200)},
                 status = ${attempts >= ALERT_MAX_ATTEMPTS ? 'failed' : 'pending'},
                 next_attempt_at = now() + make_interval(secs => ${Math.min(3600, 30 * 2 ** (attempts - 1))})
           where id = ${String(row.id)}`;
    });
    if (error) {
      failed++;
      ops.logger.warn('alerts.delivery_failed', { error, attempts });
    } else sent++;
  }
  return { sent, failed, pending: taken.length - sent };
}
