import { z } from 'zod';
import type { OutboxRow, PendingAction, Sender, Session, Tenant } from '../types.ts';

/**
 * snake_case rows → core's camelCase types, parsed with zod: the database is a boundary too
 * (a hand-edited row or a schema drift fails loudly here, not deep in the pipeline).
 * Rows arrive either as json (row_to_json: timestamps are strings) or as driver rows (Dates).
 */
const text = z.string();
const nullableText = z
  .string()
  .nullish()
  .transform((v) => v ?? null);
const timestamp = z.union([z.string(), z.date()]).transform((v) => new Date(v).toISOString());
const nullableTimestamp = timestamp.nullish().transform((v) => v ?? null);
const count = z.coerce.number().int().nonnegative();

const tenantRow = z.object({
  id: text,
  name: text,
  status: z.enum(['active', 'disabled']),
  locale: z.enum(['fr', 'en']),
  timezone: text,
  default_country: text,
  green_api_instance_id: text,
  green_api_url: text,
  crm_mode: z.enum(['dedicated', 'shared']),
  crm_base_url: text,
  crm_auth_mode: z.enum(['apikey', 'hmac', 'basic']),
  crm_tenant_field: nullableText,
  llm_base_url: nullableText,
  llm_model: nullableText,
  human_pause_minutes: count,
});

export const toTenant = (r: unknown): Tenant => {
  const t = tenantRow.parse(r);
  return {
    id: t.id,
    name: t.name,
    status: t.status,
    locale: t.locale,
    timezone: t.timezone,
    defaultCountry: t.default_country,
    greenApiInstanceId: t.green_api_instance_id,
    greenApiUrl: t.green_api_url,
    crmMode: t.crm_mode,
    crmBaseUrl: t.crm_base_url,
    crmAuthMode: t.crm_auth_mode,
    crmTenantField: t.crm_tenant_field,
    llmBaseUrl: t.llm_base_url,
    llmModel: t.llm_model,
    humanPauseMinutes: t.human_pause_minutes,
  };
};

const senderRow = z.object({
  chat_id: text,
  role: z.enum(['admin', 'member']),
  display_name: nullableText,
  opted_out: z.boolean(),
});

export const toSender = (r: unknown): Sender => {
  const s = senderRow.parse(r);
  return { chatId: s.chat_id, role: s.role, displayName: s.display_name, optedOut: s.opted_out };
};

const sessionRow = z.object({
  chat_id: text,
  turns: z
    .array(z.object({ role: z.enum(['user', 'assistant']), text: z.string(), at: z.string() }))
    .nullish()
    .transform((v) => v ?? []),
  paused_until: nullableTimestamp,
  focus: z
    .object({ entity: z.string(), id: z.string(), name: z.string().nullable() })
    .nullish()
    .transform((v) => v ?? null),
});

export const toSession = (r: unknown): Session => {
  const s = sessionRow.parse(r);
  return { chatId: s.chat_id, turns: s.turns, pausedUntil: s.paused_until, focus: s.focus };
};

const outboxRow = z.object({
  id: text,
  tenant_id: text,
  chat_id: text,
  body: text,
  send_key: text,
  quoted_message_id: nullableText,
  attempts: count,
  status: z.enum(['pending', 'sending', 'sent', 'failed']),
});

export const toOutbox = (r: unknown): OutboxRow => {
  const o = outboxRow.parse(r);
  return {
    id: o.id,
    tenantId: o.tenant_id,
    chatId: o.chat_id,
    body: o.body,
    sendKey: o.send_key,
    quotedMessageId: o.quoted_message_id,
    attempts: o.attempts,
    status: o.status,
  };
};

const pendingRow = z.object({
  id: text,
  chat_id: text,
  tool: text,
  args: z.unknown(),
  args_digest: text,
  expires_at: timestamp,
});

export const toPending = (r: unknown): PendingAction => {
  const p = pendingRow.parse(r);
  return {
    id: p.id,
    chatId: p.chat_id,
    tool: p.tool,
    args: p.args,
    argsDigest: p.args_digest,
    expiresAt: p.expires_at,
  };
};

/** The one-statement context row: each part is json (or null when absent). */
export const contextRow = z.object({
  tenant: z.unknown(),
  sender: z.unknown(),
  session: z.unknown(),
  memory: z.record(z.string(), z.string()),
  secrets: z.array(z.object({ name: z.string(), keyId: z.string(), ciphertext: z.string() })),
});
