/** The tenant: one business, its WhatsApp instance, its CRM and its settings. */
export type CrmMode = 'dedicated' | 'shared';
export type CrmAuthMode = 'apikey' | 'hmac' | 'basic';
export type Locale = 'fr' | 'en';

export interface Tenant {
  id: string;
  name: string;
  status: 'onboarding' | 'active' | 'disabled' | 'deleted';
  locale: Locale;
  timezone: string;
  /** ISO 3166 alpha-2 region, the default for local phone numbers (06… in FR → +33 6…). */
  defaultCountry: string;
  greenApiInstanceId: string;
  greenApiUrl: string;
  crmMode: CrmMode;
  crmBaseUrl: string;
  crmAuthMode: CrmAuthMode;
  /** Shared mode: the EspoCRM field holding the tenant id (e.g. cTenantId). */
  crmTenantField: string | null;
  llmBaseUrl: string | null;
  llmModel: string | null;
  /** Minutes the bot stays quiet in a chat after a human answered from the business phone. */
  humanPauseMinutes: number;
  /** WhatsApp groups: off unless turned on. */
  groupsEnabled: boolean;
  /** In a group, CRM records / e-mails / phones may be posted to the group (else: private reply). */
  groupCrmData: boolean;
  /** The name a group message starts with to address MAX. */
  assistantName: string;
  /** Distinct messages of one chat started per minute; more wait their turn. */
  chatMessagesPerMinute: number;
  /** Changes with any setting or secret: cached clients are rebuilt when it moves. */
  settingsVersion: number;
  /**
   * The UTC month (YYYY-MM-01) in which the tenant reached a limit of its plan (written by the
   * metering triggers): that month MAX answers but does not act, unless limits are lifted.
   */
  planBlockedMonth?: string | null;
  /** An operator lifted the plan's limits until then (ISO). */
  limitsLiftedUntil?: string | null;
}
