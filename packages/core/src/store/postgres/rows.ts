import { z } from 'zod';
import type {
  BeginTurnResult,
  CommitTurnResult,
  DeadLetterResult,
  FailAttemptResult,
  OutboxRow,
  PendingAction,
  Sender,
  Session,
  StoredToolResult,
  Tenant,
} from '../types.ts';

/**
 * The SQL units' JSON answers → core's camelCase types, parsed with zod: the database is a
 * boundary too (a hand-edited row or a schema drift fails loudly here, not deep in the pipeline).
 */
const text = z.string();
const nullableText = z
  .string()
  .nullish()
  .transform((v) => v ?? null);
const timestamp = z.union([z.string(), z.date()]).transform((v) => new Date(v).toISOString());
const nullableTimestamp = timestamp.nullish().transform((v) => v ?? null);
const count = z.coerce.number().int().nonnegative();

export const tenantRow = z
  .object({
    id: text,
    name: text,
    status: z.enum(['onboarding', 'active', 'disabled', 'deleted']),
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
    groups_enabled: z.boolean(),
    group_crm_data: z.boolean(),
    assistant_name: text,
    chat_messages_per_minute: count,
    settings_version: count,
    plan_blocked_month: nullableText,
    limits_lifted_until: nullableTimestamp,
  })
  .transform(
    (t): Tenant => ({
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
      groupsEnabled: t.groups_enabled,
      groupCrmData: t.group_crm_data,
      assistantName: t.assistant_name,
      chatMessagesPerMinute: t.chat_messages_per_minute,
      settingsVersion: t.settings_version,
      planBlockedMonth: t.plan_blocked_month,
      limitsLiftedUntil: t.limits_lifted_until,
    }),
  );

const senderRow = z
  .object({
    chat_id: text,
    role: z.enum(['admin', 'member']),
    display_name: nullableText,
    opted_out: z.boolean(),
    preferred_name: nullableText,
    preferred_language: z
      .enum(['fr', 'en'])
      .nullish()
      .transform((v) => v ?? null),
    plan_blocked_month: nullableText,
  })
  .transform(
    (s): Sender => ({
      chatId: s.chat_id,
      role: s.role,
      displayName: s.display_name,
      optedOut: s.opted_out,
      preferredName: s.preferred_name,
      preferredLanguage: s.preferred_language,
      planBlockedMonth: s.plan_blocked_month,
    }),
  );

const sessionRow = z
  .object({
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
  })
  .transform(
    (s): Session => ({ key: s.chat_id, turns: s.turns, pausedUntil: s.paused_until, focus: s.focus }),
  );

const pendingRow = z
  .object({
    id: text,
    chat_id: text,
    tool: text,
    args: z.unknown(),
    args_digest: text,
    expires_at: timestamp,
  })
  .transform(
    (p): PendingAction => ({
      id: p.id,
      key: p.chat_id,
      tool: p.tool,
      args: p.args,
      argsDigest: p.args_digest,
      expiresAt: p.expires_at,
    }),
  );

const secretsRow = z.array(z.object({ name: text, keyId: text, ciphertext: text })).nullable();

const storedRow = z.object({
  callIndex: z.number().int(),
  tool: text,
  argsDigest: text,
  ok: z.boolean(),
  result: z.unknown(),
  state: z.enum(['done', 'unknown']),
}) satisfies z.ZodType<StoredToolResult>;

export const outboxRows = z.array(
  z.object({
    id: text,
    messageId: nullableText,
    chatId: text,
    body: text,
    quotedMessageId: nullableText,
    sendKey: text,
    attempts: count,
    createdAt: timestamp,
    checkFirst: z.boolean(),
  }),
) satisfies z.ZodType<OutboxRow[]>;

const content = z.looseObject({ kind: text, text: z.string().nullable() });

const tenantId = text;
export const beginTurnResult = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('unknown_instance') }),
  z.object({ outcome: z.literal('tenant_disabled'), tenantId }),
  z.object({ outcome: z.literal('not_member'), tenantId }),
  z.object({ outcome: z.literal('ignored'), tenantId, reason: text }),
  z.object({ outcome: z.literal('paused'), tenantId, messageId: text }),
  z.object({
    outcome: z.literal('duplicate'),
    tenantId,
    messageId: nullableText,
    status: z.enum(['received', 'processing', 'done', 'failed', 'dead', 'throttled', 'ignored']),
    unsent: count,
  }),
  z.object({ outcome: z.literal('busy'), tenantId, messageId: nullableText, retryAfterMs: count }),
  z.object({
    outcome: z.literal('wait'),
    tenantId,
    messageId: text,
    reason: z.enum(['earlier', 'queued', 'burst', 'reorder', 'throttled']),
    retryAfterMs: count,
    outbox: outboxRows.optional().transform((v) => v ?? []),
  }),
  z
    .object({
      outcome: z.literal('claimed'),
      tenantId,
      messageId: text,
      attempt: count,
      receivedAt: timestamp,
      lastError: nullableText,
      followers: z.array(
        z.object({ id: text, idMessage: text, waTimestamp: z.coerce.number(), content: content }),
      ),
      tenant: tenantRow,
      sender: senderRow.nullable(),
      memberRole: z.enum(['owner', 'admin', 'member', 'viewer']).nullable(),
      session: sessionRow.nullable(),
      memory: z.record(z.string(), z.string()),
      secrets: secretsRow,
      pending: pendingRow.nullable(),
      stored: z.array(storedRow),
      refusedBefore: z.boolean(),
    })
    .transform((r) => ({
      outcome: r.outcome,
      tenantId: r.tenantId,
      messageId: r.messageId,
      attempt: r.attempt,
      receivedAt: r.receivedAt,
      lastError: r.lastError,
      followers: r.followers,
      context: {
        tenant: r.tenant,
        sender: r.sender,
        memberRole: r.memberRole,
        session: r.session,
        memory: r.memory,
        secrets: r.secrets,
        pending: r.pending,
        stored: r.stored,
        refusedBefore: r.refusedBefore,
      },
    })),
]) satisfies z.ZodType<BeginTurnResult>;

export const commitResult = z.union([
  z
    .object({ conflict: z.literal('memory'), memory: z.record(z.string(), z.string()) })
    .transform((r) => ({ kind: 'memory_conflict' as const, memory: r.memory })),
  z.object({ outbox: outboxRows }).transform((r) => ({ kind: 'committed' as const, outbox: r.outbox })),
]) satisfies z.ZodType<CommitTurnResult>;

export const failAttemptResult = z.object({
  held: z.boolean(),
  outbox: outboxRows,
}) satisfies z.ZodType<FailAttemptResult>;

export const deadLetterResult = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('unknown_instance') }),
  z.object({ outcome: z.literal('already_final'), tenantId, outbox: outboxRows }),
  z.object({ outcome: z.literal('recorded'), tenantId, messageId: text, outbox: outboxRows }),
]) satisfies z.ZodType<DeadLetterResult>;

export const tenantContextRow = z
  .object({ tenant: tenantRow, secrets: secretsRow })
  .nullable()
  .transform((r) => r);

export const outboundReservation = z.union([
  z.object({
    ok: z.literal(true),
    again: z.boolean(),
    sentToday: z.number().int().optional(),
    cap: z.number().int().optional(),
  }),
  z.object({
    ok: z.literal(false),
    reason: z.literal('daily_cap'),
    cap: z.number().int(),
    sentToday: z.number().int(),
  }),
  z.object({
    ok: z.literal(false),
    reason: z.literal('spacing'),
    retryAfterMs: z.number(),
    spacingSeconds: z.number().int(),
  }),
]);

export const teamChatRows = z.array(z.object({ chatId: z.string(), role: z.enum(['admin', 'member']) }));
