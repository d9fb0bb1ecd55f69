import { createHmac } from 'node:crypto';
import type { Rec } from './records.ts';

/** EspoCRM 8.4's outgoing webhook payload for a created record (what the queue job sends). */
export function webhookPayload(r: Rec, customFields: string[]): Rec {
  return {
    id: r.id,
    name: r.name ?? null,
    deleted: false,
    ...(r.firstName !== undefined ? { firstName: r.firstName } : {}),
    ...(r.lastName !== undefined ? { lastName: r.lastName } : {}),
    status: r.status ?? null,
    ...(r.emailAddress ? { emailAddress: r.emailAddress } : {}),
    ...(r.phoneNumber ? { phoneNumber: r.phoneNumber } : {}),
    doNotCall: r.doNotCall ?? false,
    createdAt: r.createdAt,
    modifiedAt: r.modifiedAt,
    targetListIsOptedOut: false,
    ...Object.fromEntries(customFields.map((f) => [f, r[f] ?? null])),
    emailAddressIsOptedOut: false,
    emailAddressIsInvalid: false,
    phoneNumberIsOptedOut: false,
    phoneNumberIsInvalid: false,
    createdById: r.createdById,
    isFollowed: false,
  };
}

/** X-Signature = base64(webhookId + ":" + raw HMAC-SHA256(secretKey, body)), as 8.x signs. */
export function webhookSignature(webhookId: string, secretKey: string, body: string): string {
  const digest = createHmac('sha256', secretKey).update(body).digest();
  return Buffer.concat([Buffer.from(`${webhookId}:`), digest]).toString('base64');
}

/** POSTs the batches (one array per webhook), like `run-job ProcessWebhookQueue`; returns the statuses. */
export async function deliverWebhooks(
  queue: Array<{ webhook: Rec; payload: Rec }>,
): Promise<Array<{ url: string; status: number }>> {
  const byHook = new Map<string, { webhook: Rec; items: Rec[] }>();
  for (const q of queue.splice(0)) {
    const key = String(q.webhook.id);
    const entry = byHook.get(key) ?? { webhook: q.webhook, items: [] };
    entry.items.push(q.payload);
    byHook.set(key, entry);
  }
  const out: Array<{ url: string; status: number }> = [];
  for (const { webhook, items } of byHook.values()) {
    const body = JSON.stringify(items);
    const url = String(webhook.url);
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-signature': webhookSignature(String(webhook.id), String(webhook.secretKey), body),
        },
        body,
        signal: AbortSignal.timeout(5000),
      });
      out.push({ url, status: res.status });
    } catch {
      out.push({ url, status: 0 });
    }
  }
  return out;
}
