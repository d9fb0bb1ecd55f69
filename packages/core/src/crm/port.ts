/**
 * What the agent needs from a CRM. EspoClient (espo-client.ts) implements it over EspoCRM's REST
 * API; in shared mode it adds the tenant filter and value itself, so callers cannot forget it.
 */
export type CrmRecord = { id: string; name?: string | null } & Record<string, unknown>;

export type WhereClause =
  | {
      type:
        | 'equals'
        | 'notEquals'
        | 'contains'
        | 'startsWith'
        | 'endsWith'
        | 'like'
        | 'greaterThan'
        | 'lessThan'
        | 'greaterThanOrEquals'
        | 'lessThanOrEquals';
      attribute: string;
      value: string | number | boolean;
    }
  | { type: 'in' | 'notIn'; attribute: string; value: Array<string | number> }
  | { type: 'isNull' | 'isNotNull' | 'today' | 'isTrue' | 'arrayIsNotEmpty'; attribute: string }
  | { type: 'between'; attribute: string; value: [string, string] }
  | { type: 'lastXDays'; attribute: string; value: number }
  | { type: 'linkedWith'; attribute: string; value: string[] }
  | { type: 'or' | 'and'; value: WhereClause[] };

export interface ListQuery {
  where?: WhereClause[];
  select?: string[];
  orderBy?: string;
  order?: 'asc' | 'desc';
  /** Capped at 200 (EspoCRM's limit); larger totals are fetched page by page with `listAll`. */
  maxSize?: number;
  offset?: number;
  textFilter?: string;
}

export interface ListResult {
  total: number;
  list: CrmRecord[];
}

export interface CreateResult {
  record: CrmRecord;
  /** True when EspoCRM reported duplicates: `record` is then the existing one, nothing was created. */
  duplicate: boolean;
  duplicates: CrmRecord[];
}

/** The records a lead conversion creates, by entity (an absent entity is not created). */
export type LeadConversion = Partial<Record<'Account' | 'Contact' | 'Opportunity', Record<string, unknown>>>;

export interface FieldDef {
  type: string;
  options?: string[];
  required?: boolean;
  isCustom?: boolean;
  maxLength?: number;
  [k: string]: unknown;
}

/** What MAX reads and sets of an install's config: its currencies, time zone and language. */
export interface CrmSettings {
  currencyList: string[];
  defaultCurrency: string;
  /** What `currencyRates` are relative to (EspoCRM converts amounts into it). */
  baseCurrency: string;
  currencyRates: Record<string, number>;
  timeZone: string;
  /** EspoCRM's language code (fr_FR, en_GB…): its labels and the I18n MAX reads. */
  language: string;
}

export type CrmSettingsChange = Partial<Omit<CrmSettings, 'currencyRates'>>;

/** Per entity: field labels and enum option labels (value → label), as `GET I18n` gives them. */
export type CrmLabels = Record<
  string,
  { fields?: Record<string, string>; options?: Record<string, Record<string, string>> }
>;

export interface HealthReport {
  reachable: boolean;
  authenticated: boolean;
  admin: boolean | null;
  /** Shared mode only: per entity, whether the tenant field exists. */
  tenantField: Record<string, boolean> | null;
  latencyMs: number;
  error?: string;
}

export interface CrmClient {
  list(entity: string, q?: ListQuery): Promise<ListResult>;
  listAll(entity: string, q?: Omit<ListQuery, 'offset' | 'maxSize'>, limit?: number): Promise<CrmRecord[]>;
  get(entity: string, id: string): Promise<CrmRecord>;
  create(
    entity: string,
    data: Record<string, unknown>,
    opts?: { skipDuplicateCheck?: boolean },
  ): Promise<CreateResult>;
  update(entity: string, id: string, data: Record<string, unknown>): Promise<CrmRecord>;
  delete(entity: string, id: string): Promise<void>;
  /**
   * Relates two records (`POST {entity}/{id}/{link}`). With `foreignEntity`, shared mode checks that
   * the foreign record is the tenant's too (another tenant's answers not_found).
   */
  link(entity: string, id: string, link: string, foreignId: string, foreignEntity?: string): Promise<void>;
  /** Removes a relationship (`DELETE {entity}/{id}/{link}` with `{id}`); same checks as `link`. */
  unlink(entity: string, id: string, link: string, foreignId: string, foreignEntity?: string): Promise<void>;
  /**
   * EspoCRM's own lead conversion (`POST Lead/action/convert`): creates the given records, marks the
   * lead Converted and records createdAccountId/ContactId/OpportunityId on it. Returns the lead.
   */
  convertLead(
    id: string,
    records: LeadConversion,
    opts?: { skipDuplicateCheck?: boolean },
  ): Promise<CrmRecord>;
  /** The lead's values as EspoCRM maps them onto each entity (`POST Lead/action/getConvertAttributes`). */
  convertAttributes(id: string): Promise<LeadConversion>;
  /** The currencies the install accepts (`GET Settings`: currencyList, defaultCurrency), cached. */
  currencies(): Promise<{ list: string[]; default: string }>;
  /** The install's locale (`GET Settings`), read now (not cached). */
  settings(): Promise<CrmSettings>;
  /**
   * Admin: changes the install's locale (`PUT Settings`; 8.4.2 has no PATCH) and answers it as read
   * after. Refused in shared mode: that CRM is every tenant's, its settings the operator's.
   */
  updateSettings(changes: CrmSettingsChange): Promise<CrmSettings>;
  /**
   * EspoCRM's merge action: the sources' e-mail addresses, phone numbers, notes and relations move
   * to the target, the sources are removed, then `attributes` are saved on the target. Shared mode:
   * the target and every source must be the tenant's. Returns the merged record.
   */
  merge(
    entity: string,
    targetId: string,
    sourceIds: string[],
    attributes?: Record<string, unknown>,
  ): Promise<CrmRecord>;
  /**
   * A record's stream (its notes and events), newest first. After a lost answer to a Note create,
   * this is where the note is found (notes are listed through their parent).
   */
  stream(entity: string, id: string, q?: { maxSize?: number; offset?: number }): Promise<ListResult>;
  /** The API user's own id (Task.assignedUserId needs it). */
  currentUserId(): Promise<string>;
  /** Field definitions of an entity, cached per tenant. */
  fields(entity: string): Promise<Record<string, FieldDef>>;
  /**
   * Field and option labels in the install's language (`GET I18n`), per entity, cached per tenant:
   * what people call a field ("Budget", "Date de début") and its enum values ("En cours").
   */
  labels(): Promise<CrmLabels>;
  /** Admin: create a custom field (`budget` becomes `cBudget`). Returns the stored name. */
  createField(
    entity: string,
    def: { name: string; type: string; label: string; options?: string[]; [k: string]: unknown },
  ): Promise<{ name: string; created: boolean }>;
  /** Admin: put a field on the detail and list layouts, once. Returns which layouts changed. */
  addFieldToLayouts(
    entity: string,
    field: string,
    layouts?: Array<'detail' | 'list'>,
  ): Promise<{ changed: string[] }>;
  clearCache(): Promise<void>;
  rebuild(): Promise<void>;
  health(entities?: string[]): Promise<HealthReport>;
}
