import { z } from 'zod';

/**
 * What an operator may ask of MAX (the Worker's /api/admin/… and the tenant CLI alike), validated
 * at the edge and again by the agent with these same schemas. Edge-safe: only the zod builders the
 * Worker bundles (workers/webhook/src/zod-edge.ts).
 */
export const OPERATOR_SCOPES = [
  'tenants:read',
  'tenants:write',
  'secrets:write',
  'checks:run',
  'usage:read',
  'data:export',
  'data:erase',
] as const;
export type OperatorScope = (typeof OPERATOR_SCOPES)[number];

export const tenantIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'a tenant id is 2-63 of a-z 0-9 -');
const httpUrl = z
  .string()
  .max(500)
  .regex(/^https?:\/\/[^\s/?#]+[^\s]*$/, 'an http(s) URL');
const onOff = z.boolean();

/** The secrets an operator may set (tenant_secrets.name). Rotated ones go through a rotation. */
export const SETTABLE_SECRETS = [
  'crm_api_key',
  'crm_hmac_secret',
  'crm_username',
  'crm_password',
  'crm_admin_username',
  'crm_admin_password',
  'cf_access_client_id',
  'cf_access_client_secret',
  'greenapi_token',
  'llm_api_key',
] as const;

/** A tenant's settings as an operator writes them (camelCase; the defaults are applied by core). */
const settings = {
  name: z.string().trim().min(1).max(200),
  idInstance: z.string().regex(/^[0-9]{4,20}$/, 'a Green-API idInstance is 4-20 digits'),
  greenApiUrl: httpUrl,
  crmBaseUrl: httpUrl,
  /** Where people open the CRM in a browser (the console links records to it); null: no links. */
  crmPublicUrl: httpUrl.nullable(),
  crmMode: z.enum(['dedicated', 'shared']),
  crmTenantField: z
    .string()
    .regex(/^[a-zA-Z][a-zA-Z0-9]{0,62}$/)
    .nullable(),
  crmAuthMode: z.enum(['apikey', 'hmac', 'basic']),
  locale: z.enum(['fr', 'en']),
  timezone: z.string().min(1).max(64),
  defaultCountry: z.string().regex(/^[A-Z]{2}$/, 'a region code such as FR'),
  llmBaseUrl: httpUrl.nullable(),
  llmModel: z.string().min(1).max(100).nullable(),
  groupsEnabled: onOff,
  groupCrmData: onOff,
  assistantName: z.string().regex(/^[\p{L}\p{N} _.-]{1,40}$/u, '1 to 40 letters, digits, spaces'),
  chatMessagesPerMinute: z.number().int().min(1).max(600),
  humanPauseMinutes: z.number().int().min(0).max(1440),
  plan: tenantIdSchema.nullable(),
};

/** What may change after the creation, each on its own. */
export const tenantPatchSchema = z
  .object({
    name: settings.name,
    idInstance: settings.idInstance,
    greenApiUrl: settings.greenApiUrl,
    crmBaseUrl: settings.crmBaseUrl,
    crmPublicUrl: settings.crmPublicUrl,
    crmMode: settings.crmMode,
    crmTenantField: settings.crmTenantField,
    crmAuthMode: settings.crmAuthMode,
    locale: settings.locale,
    timezone: settings.timezone,
    defaultCountry: settings.defaultCountry,
    llmBaseUrl: settings.llmBaseUrl,
    llmModel: settings.llmModel,
    groupsEnabled: settings.groupsEnabled,
    groupCrmData: settings.groupCrmData,
    assistantName: settings.assistantName,
    chatMessagesPerMinute: settings.chatMessagesPerMinute,
    humanPauseMinutes: settings.humanPauseMinutes,
  })
  .partial()
  .strict();

/** A new tenant: its id, its instance and its CRM; the rest has defaults. */
export const tenantCreateSchema = tenantPatchSchema
  .extend({
    id: tenantIdSchema,
    name: settings.name,
    idInstance: settings.idInstance,
    greenApiUrl: settings.greenApiUrl,
    crmBaseUrl: settings.crmBaseUrl,
    plan: settings.plan.optional(),
  })
  .strict();
export type TenantCreate = z.infer<typeof tenantCreateSchema>;
export type TenantPatch = z.infer<typeof tenantPatchSchema>;

/** A WhatsApp number: a national or international phone number, or a chat id (digits@c.us). */
export const phoneSchema = z
  .string()
  .trim()
  .min(5)
  .max(40)
  .regex(/^(\+?[0-9 ().-]{5,30}|[0-9]{5,20}@c\.us)$/, 'a phone number or a chat id');
export const monthSchema = z.string().regex(/^20[0-9]{2}-(0[1-9]|1[0-2])$/, 'a month such as 2026-12');
const userId = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'a UUID');
const graceHours = z
  .number()
  .int()
  .min(0)
  .max(24 * 30);
const tenant = { tenantId: tenantIdSchema };

/** Each command: an action, the tenant it is about (but for list and create), its input. */
export const adminCommandSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('tenant.list') }),
  z.object({ action: z.literal('tenant.create'), body: tenantCreateSchema }),
  z.object({ action: z.literal('tenant.get'), ...tenant }),
  z.object({ action: z.literal('tenant.update'), ...tenant, body: tenantPatchSchema }),
  z.object({ action: z.literal('tenant.activate'), ...tenant }),
  z.object({ action: z.literal('tenant.disable'), ...tenant }),
  z.object({ action: z.literal('tenant.delete'), ...tenant }),
  // ?fix=locale sets a dedicated CRM's currencies, time zone and language again.
  z.object({ action: z.literal('tenant.checks'), ...tenant, fix: z.enum(['locale']).optional() }),
  z.object({ action: z.literal('tenant.webhook'), ...tenant }),
  z.object({ action: z.literal('tenant.health'), ...tenant }),
  z.object({
    action: z.literal('secret.set'),
    ...tenant,
    name: z.enum(SETTABLE_SECRETS),
    body: z.object({ value: z.string().min(1).max(4000) }).strict(),
  }),
  z.object({
    action: z.literal('sender.set'),
    ...tenant,
    phone: phoneSchema,
    body: z
      .object({
        role: z.enum(['admin', 'member']),
        name: z.string().trim().min(1).max(100).optional(),
        userId: userId.optional(),
      })
      .strict(),
  }),
  z.object({ action: z.literal('sender.remove'), ...tenant, phone: phoneSchema }),
  z.object({
    action: z.literal('sender.erase'),
    ...tenant,
    phone: phoneSchema,
    body: z.object({ removeSender: z.boolean().optional() }).strict(),
  }),
  z.object({
    action: z.literal('member.set'),
    ...tenant,
    userId,
    body: z.object({ role: z.enum(['owner', 'admin', 'member', 'viewer']) }).strict(),
  }),
  z.object({ action: z.literal('member.remove'), ...tenant, userId }),
  z.object({
    action: z.literal('rotation.crm'),
    ...tenant,
    body: z
      .object({
        apiKey: z.string().min(8).max(500),
        hmacSecret: z.string().min(8).max(500).optional(),
        graceHours: graceHours.optional(),
      })
      .strict(),
  }),
  z.object({
    action: z.literal('rotation.greenapi'),
    ...tenant,
    body: z.object({ token: z.string().min(8).max(500), graceHours: graceHours.optional() }).strict(),
  }),
  z.object({ action: z.literal('usage.get'), ...tenant, month: monthSchema }),
  z.object({ action: z.literal('statement.get'), ...tenant, month: monthSchema }),
  z.object({
    action: z.literal('plan.set'),
    ...tenant,
    body: z.object({ plan: tenantIdSchema.nullable() }).strict(),
  }),
  z.object({
    action: z.literal('limits.lift'),
    ...tenant,
    body: z.object({ until: z.iso.datetime({ offset: true }).nullable().optional() }).strict(),
  }),
  z.object({ action: z.literal('data.export'), ...tenant }),
]);
export type AdminCommand = z.infer<typeof adminCommandSchema>;
export type AdminAction = AdminCommand['action'];

/** The scope each action needs. */
export const ACTION_SCOPE: Record<AdminAction, OperatorScope> = {
  'tenant.list': 'tenants:read',
  'tenant.get': 'tenants:read',
  'tenant.webhook': 'tenants:read',
  'tenant.health': 'tenants:read',
  'tenant.create': 'tenants:write',
  'tenant.update': 'tenants:write',
  'tenant.disable': 'tenants:write',
  'tenant.activate': 'checks:run',
  'tenant.checks': 'checks:run',
  'tenant.delete': 'data:erase',
  'secret.set': 'secrets:write',
  'sender.set': 'tenants:write',
  'sender.remove': 'tenants:write',
  'sender.erase': 'data:erase',
  'member.set': 'tenants:write',
  'member.remove': 'tenants:write',
  'rotation.crm': 'secrets:write',
  'rotation.greenapi': 'secrets:write',
  'usage.get': 'usage:read',
  'statement.get': 'usage:read',
  'plan.set': 'tenants:write',
  'limits.lift': 'tenants:write',
  'data.export': 'data:export',
};

/** Creates: retried safely with an Idempotency-Key. */
export const IDEMPOTENT_ACTIONS: ReadonlySet<AdminAction> = new Set(['tenant.create']);
