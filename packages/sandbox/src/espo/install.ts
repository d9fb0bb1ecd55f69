import type { CrmSettings } from '@max/core';
import type { EspoUser } from './auth.ts';
import type { EspoContext, JoinRow } from './context.ts';
import {
  applyCustomizations,
  type Customizations,
  INFRA_CUSTOM_RESOURCES,
  loadCustomizations,
} from './custom-metadata.ts';
import { coreMetadata, type FieldDef, type Metadata } from './defs/index.ts';
import { defaultLayouts } from './metadata.ts';
import type { Rec } from './records.ts';
import { StreamLog } from './stream-log.ts';
import { webhookPayload } from './webhooks.ts';

export const ESPO_DEMO_CREDENTIALS = {
  apiKey: 'demo-api-key',
  hmacApiKey: 'demo-hmac-key',
  hmacSecret: 'demo-hmac-secret',
  adminUser: 'admin',
  adminPassword: 'admin-password',
} as const;

export interface EspoInstallOptions {
  /** Extra users, or 'admin-only' for a fresh install where API users are created through POST User. */
  users?: Array<Omit<EspoUser, 'tokens' | 'id'> & { id?: string }> | 'admin-only';
  /**
   * 'infra': the install has infra/scaleway-espocrm's custom/ folder (cTenantId on every entity,
   * DiagnosticIA, MissionMAX, their links and labels), read from the shipped files; a path: another
   * custom/Espo/Custom/Resources folder. Absent: a fresh install (what the recorded contracts used).
   */
  customizations?: 'infra' | string;
  /** Config values of the install (defaults: a fresh 8.4.2 — USD only, UTC). */
  settings?: Partial<CrmSettings>;
  /** Language of `GET I18n`, with or without `?default=true` (infra's docker-compose sets fr_FR). */
  language?: string;
}

/** Everything one running stand-in holds: metadata, users, records, layouts, labels and the webhook queue. */
export interface EspoInstall {
  ctx: EspoContext;
  meta: Metadata;
  custom: Customizations | null;
  users: EspoUser[];
  /** Field labels set through the Field Manager, per entity. */
  labels: Record<string, Record<string, string>>;
  /** Role names by id (POST Role). */
  roles: Map<string, string>;
  layouts: Record<string, unknown>;
  hookQueue: Array<{ webhook: Rec; payload: Rec }>;
  table(entity: string): Map<string, Rec>;
  /** A controller the install answers: an entity with metadata, or Role/User/Webhook. */
  isEntity(entity: string): boolean;
  /** The field map of an entity (created for an unknown one, as addField has always allowed). */
  defsOf(entity: string): Record<string, FieldDef>;
  labelsOf(entity: string): Record<string, string>;
  /** `GET Metadata`: entityDefs, scopes and the customisations' clientDefs. */
  metadata(): Rec;
  now(): string;
  newId(): string;
}

/** Entities served without metadata of their own (accounts and webhooks). */
export const SYSTEM_ENTITIES = ['Role', 'User', 'Webhook'];
const now = () => new Date().toISOString().replace('T', ' ').slice(0, 19);
let idCounter = 0;
/** 17 hex chars, increasing like EspoCRM's time-based ids (lists break createdAt ties by id). */
const newId = () =>
  Date.now().toString(16).padStart(11, '0').slice(-11) +
  ((idCounter++ % 0x100000) * 16 + Math.floor(Math.random() * 16)).toString(16).padStart(6, '0');

function installUsers(opts: EspoInstallOptions): EspoUser[] {
  const c = ESPO_DEMO_CREDENTIALS;
  const installedAt = now();
  const system = { createdAt: installedAt, createdById: 'system', createdByName: 'System' };
  const admin: EspoUser = {
    id: newId(),
    userName: c.adminUser,
    name: 'Admin',
    lastName: 'Admin',
    type: 'admin',
    password: c.adminPassword,
    tokens: new Set(),
    ...system,
  };
  const byAdmin = { createdAt: installedAt, createdById: admin.id, createdByName: 'Admin' };
  const demoApiUsers: EspoUser[] = [
    {
      id: newId(),
      userName: 'crm-client-apikey',
      type: 'api',
      authMethod: 'ApiKey',
      apiKey: c.apiKey,
      tokens: new Set(),
      ...byAdmin,
    },
    {
      id: newId(),
      userName: 'crm-client-hmac',
      type: 'api',
      authMethod: 'Hmac',
      apiKey: c.hmacApiKey,
      secretKey: c.hmacSecret,
      tokens: new Set(),
      ...byAdmin,
    },
  ];
  return opts.users === 'admin-only'
    ? [admin]
    : [
        admin,
        ...demoApiUsers,
        ...(opts.users ?? []).map((u) => ({
          ...byAdmin,
          ...u,
          id: u.id ?? newId(),
          tokens: new Set<string>(),
        })),
      ];
}

/** A fresh EspoCRM 8.4.2 install (admin and demo API users), with the customisations asked for. */
export function createEspoInstall(opts: EspoInstallOptions = {}): EspoInstall {
  const users = installUsers(opts);
  const meta = coreMetadata();
  const custom: Customizations | null = opts.customizations
    ? loadCustomizations(opts.customizations === 'infra' ? INFRA_CUSTOM_RESOURCES : opts.customizations)
    : null;
  if (custom) applyCustomizations(meta, custom);
  const labels: Record<string, Record<string, string>> = {};
  const customFieldsOf = (entity: string) =>
    Object.entries(meta.entityDefs[entity]?.fields ?? {})
      .filter(([, d]) => d.isCustom && d.type !== 'linkMultiple')
      .map(([k]) => k);
  const store = new Map<string, Map<string, Rec>>();
  const joins: JoinRow[] = [];
  const hookQueue: Array<{ webhook: Rec; payload: Rec }> = [];
  const table = (e: string) => {
    let t = store.get(e);
    if (!t) {
      t = new Map();
      store.set(e, t);
    }
    return t;
  };
  const ctx: EspoContext = {
    meta,
    users,
    table,
    joins,
    // A fresh 8.4.2's config: USD only, no rates (a rate is one unit of a currency in baseCurrency), UTC
    // (it matters for all-day dates and `dateTime` where items), en_US (the language of `GET I18n`).
    settings: {
      currencyList: ['USD'],
      defaultCurrency: 'USD',
      baseCurrency: opts.settings?.defaultCurrency ?? 'USD',
      currencyRates: {},
      timeZone: 'UTC',
      language: opts.language ?? 'en_US',
      ...opts.settings,
    },
    stream: new StreamLog(newId),
    now,
    newId,
    afterCreate(entity, rec) {
      for (const hook of table('Webhook').values())
        if (!hook.deleted && hook.isActive && hook.event === `${entity}.create`)
          hookQueue.push({ webhook: hook, payload: webhookPayload(rec, customFieldsOf(entity)) });
    },
  };
  return {
    ctx,
    meta,
    custom,
    users,
    labels,
    roles: new Map(),
    layouts: { ...defaultLayouts(), ...(custom?.layouts ?? {}) },
    hookQueue,
    table,
    isEntity: (entity) => SYSTEM_ENTITIES.includes(entity) || !!meta.entityDefs[entity],
    defsOf(entity) {
      meta.entityDefs[entity] ??= { fields: {}, links: {} };
      return meta.entityDefs[entity].fields;
    },
    labelsOf(entity) {
      labels[entity] = labels[entity] ?? {};
      return labels[entity];
    },
    metadata: () => ({
      entityDefs: meta.entityDefs,
      scopes: meta.scopes,
      ...(custom?.metadata.clientDefs ? { clientDefs: custom.metadata.clientDefs } : {}),
    }),
    now,
    newId,
  };
}
