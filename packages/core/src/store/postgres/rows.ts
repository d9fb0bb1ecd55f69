import type { MemberRole, OutboxRow, PendingAction, Sender, Session, Tenant } from '../types.ts';

/** snake_case rows (as json objects) → core's camelCase types. */
type J = Record<string, unknown>;
const s = (v: unknown) => (v === null || v === undefined ? null : String(v));
const iso = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string).toISOString());

export const toTenant = (r: J): Tenant => ({
  id: String(r.id),
  name: String(r.name),
  status: r.status as Tenant['status'],
  locale: r.locale as Tenant['locale'],
  timezone: String(r.timezone),
  defaultCountry: String(r.default_country),
  greenApiInstanceId: String(r.green_api_instance_id),
  greenApiUrl: String(r.green_api_url),
  crmMode: r.crm_mode as Tenant['crmMode'],
  crmBaseUrl: String(r.crm_base_url),
  crmAuthMode: r.crm_auth_mode as Tenant['crmAuthMode'],
  crmTenantField: s(r.crm_tenant_field),
  llmBaseUrl: s(r.llm_base_url),
  llmModel: s(r.llm_model),
  humanPauseMinutes: Number(r.human_pause_minutes),
});

export const toSender = (r: J): Sender => ({
  chatId: String(r.chat_id),
  role: r.role as Sender['role'],
  displayName: s(r.display_name),
  optedOut: Boolean(r.opted_out),
});

export const toSession = (r: J): Session => ({
  chatId: String(r.chat_id),
  turns: (r.turns as Session['turns']) ?? [],
  pausedUntil: iso(r.paused_until),
  focus: (r.focus as Session['focus']) ?? null,
});

export const toOutbox = (r: J): OutboxRow => ({
  id: String(r.id),
  tenantId: String(r.tenant_id),
  chatId: String(r.chat_id),
  body: String(r.body),
  sendKey: String(r.send_key),
  quotedMessageId: s(r.quoted_message_id),
  attempts: Number(r.attempts),
  status: r.status as OutboxRow['status'],
});

export const toPending = (r: J): PendingAction => ({
  id: String(r.id),
  chatId: String(r.chat_id),
  tool: String(r.tool),
  args: r.args,
  argsDigest: String(r.args_digest),
  expiresAt: iso(r.expires_at)!,
});

export type { MemberRole };
