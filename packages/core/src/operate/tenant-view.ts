import type { SqlRow } from '../store/postgres/sql-client.ts';

/** A tenant as the operator sees it: settings, lifecycle, plan; never a secret. */
export interface TenantView {
  id: string;
  name: string;
  status: 'onboarding' | 'active' | 'disabled' | 'deleted';
  locale: string;
  timezone: string;
  defaultCountry: string;
  idInstance: string | null;
  greenApiUrl: string;
  crmMode: string;
  crmBaseUrl: string;
  crmPublicUrl: string | null;
  crmAuthMode: string;
  crmTenantField: string | null;
  llmBaseUrl: string | null;
  llmModel: string | null;
  groupsEnabled: boolean;
  groupCrmData: boolean;
  assistantName: string;
  chatMessagesPerMinute: number;
  humanPauseMinutes: number;
  plan: string | null;
  limitsLiftedUntil: string | null;
  /** The UTC month (YYYY-MM-01) in which a tenant-wide limit was reached, and which. */
  planBlockedMonth: string | null;
  planBlockedMetric: string | null;
  createdAt: string;
  updatedAt: string;
  deletionRequestedAt: string | null;
  purgeAfter: string | null;
}

const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : null);

export function tenantView(r: SqlRow): TenantView {
  return {
    id: String(r.id),
    name: String(r.name),
    status: r.status as TenantView['status'],
    locale: String(r.locale),
    timezone: String(r.timezone),
    defaultCountry: String(r.default_country),
    idInstance: (r.green_api_instance_id as string | null) ?? null,
    greenApiUrl: String(r.green_api_url),
    crmMode: String(r.crm_mode),
    crmBaseUrl: String(r.crm_base_url),
    crmPublicUrl: (r.crm_public_url as string | null) ?? null,
    crmAuthMode: String(r.crm_auth_mode),
    crmTenantField: (r.crm_tenant_field as string | null) ?? null,
    llmBaseUrl: (r.llm_base_url as string | null) ?? null,
    llmModel: (r.llm_model as string | null) ?? null,
    groupsEnabled: Boolean(r.groups_enabled),
    groupCrmData: Boolean(r.group_crm_data),
    assistantName: String(r.assistant_name),
    chatMessagesPerMinute: Number(r.chat_messages_per_minute),
    humanPauseMinutes: Number(r.human_pause_minutes),
    plan: (r.plan_id as string | null) ?? null,
    limitsLiftedUntil: iso(r.limits_lifted_until),
    planBlockedMonth: r.plan_blocked_month ? iso(r.plan_blocked_month)!.slice(0, 10) : null,
    planBlockedMetric: (r.plan_blocked_metric as string | null) ?? null,
    createdAt: iso(r.created_at)!,
    updatedAt: iso(r.updated_at)!,
    deletionRequestedAt: iso(r.deletion_requested_at),
    purgeAfter: iso(r.purge_after),
  };
}
