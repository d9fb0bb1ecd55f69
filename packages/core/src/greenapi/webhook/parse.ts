import { type GreenApiWebhook, KNOWN_WEBHOOK_TYPES, webhookSchema } from './schemas.ts';

export interface WebhookIssue {
  path: string;
  message: string;
}

export type WebhookParse =
  | { ok: true; webhook: GreenApiWebhook }
  | { ok: false; kind: 'unknown_type'; typeWebhook: string }
  | { ok: false; kind: 'invalid'; issues: WebhookIssue[] };

/** Validates a parsed JSON body. Unknown webhook types are acknowledged, not errors. */
export function parseWebhook(body: unknown): WebhookParse {
  const type =
    typeof body === 'object' && body !== null ? (body as { typeWebhook?: unknown }).typeWebhook : undefined;
  if (typeof type !== 'string' || type.length === 0) {
    return { ok: false, kind: 'invalid', issues: [{ path: 'typeWebhook', message: 'required string' }] };
  }
  if (!KNOWN_WEBHOOK_TYPES.includes(type))
    return { ok: false, kind: 'unknown_type', typeWebhook: type.slice(0, 64) };
  const res = webhookSchema.safeParse(body);
  if (res.success) return { ok: true, webhook: res.data };
  return {
    ok: false,
    kind: 'invalid',
    issues: res.error.issues
      .slice(0, 5)
      .map((i) => ({ path: i.path.join('.') || '(root)', message: i.message })),
  };
}

/** Reads idInstance before full validation: auth runs first, so strangers learn nothing else. */
export function peekIdInstance(body: unknown): string | null {
  const v = (body as { instanceData?: { idInstance?: unknown } } | null)?.instanceData?.idInstance;
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return String(v);
  if (typeof v === 'string' && /^\d{1,20}$/.test(v)) return v;
  return null;
}
