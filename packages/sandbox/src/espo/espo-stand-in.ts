import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createFaultLayer } from '../faults/fault-layer.ts';
import { listen, readBody, send, sleep } from '../http/server.ts';
import { appUserBody, roleCreateBody, userCreateBody } from './accounts.ts';
import { createAnswer, updateAnswer } from './answers.ts';
import { authenticate, type EspoUser } from './auth.ts';
import type { EspoContext, EspoSettings, JoinRow } from './context.ts';
import { convertAttributes, convertLead } from './convert.ts';
import {
  applyCustomizations,
  type Customizations,
  INFRA_CUSTOM_RESOURCES,
  loadCustomizations,
} from './custom-metadata.ts';
import { coreMetadata, type FieldDef } from './defs/index.ts';
import { errorBody, espoFaultAnswer, HttpError, notFound } from './errors.ts';
import { hydrate } from './hydrate.ts';
import { i18nData, loginI18n } from './i18n.ts';
import { processAction } from './merge.ts';
import { defaultLayouts } from './metadata.ts';
import { linkRecords, unlinkRecords } from './record-links.ts';
import { listLinked, listRecords, readRecord } from './record-read.ts';
import { createRecord, deleteRecord, updateRecord, writtenInput } from './record-write.ts';
import { type Rec, shapeGet } from './records.ts';
import { settingsBody, updateSettings } from './settings.ts';
import { readShape } from './shapes.ts';
import { streamPost } from './stream.ts';
import { StreamLog } from './stream-log.ts';
import { deliverWebhooks, webhookPayload } from './webhooks.ts';

export interface EspoFaults {
  /** Share of requests answered 500/503 (seeded random). */
  errorRate?: number;
  /** Share of requests never answered (the client's timeout fires). */
  timeoutRate?: number;
  /** The next N requests fail with 503. */
  failNext?: number;
}

export interface EspoStandInOptions {
  port?: number;
  /** Extra users, or 'admin-only' for a fresh install where API users are created through POST User. */
  users?: Array<Omit<EspoUser, 'tokens' | 'id'> & { id?: string }> | 'admin-only';
  latencyMs?: number;
  faults?: EspoFaults;
  /** Seed of the deterministic random used by fault injection (ignored when `random` is given). */
  seed?: number;
  random?: () => number;
  /**
   * 'infra': the install has infra/scaleway-espocrm's custom/ folder (cTenantId on every entity,
   * DiagnosticIA, MissionMAX, their links and labels), read from the shipped files; a path: another
   * custom/Espo/Custom/Resources folder. Absent: a fresh install (what the recorded contracts used).
   */
  customizations?: 'infra' | string;
  /** Config values of the install (defaults: a fresh 8.4.2 — USD only, UTC). */
  settings?: Partial<EspoSettings>;
  /** Language of `GET I18n`, with or without `?default=true` (infra's docker-compose sets fr_FR). */
  language?: string;
}

export const ESPO_DEMO_CREDENTIALS = {
  apiKey: 'demo-api-key',
  hmacApiKey: 'demo-hmac-key',
  hmacSecret: 'demo-hmac-secret',
  adminUser: 'admin',
  adminPassword: 'admin-password',
} as const;

/** Entities served without metadata of their own (accounts and webhooks). */
const SYSTEM_ENTITIES = ['Role', 'User', 'Webhook'];
const now = () => new Date().toISOString().replace('T', ' ').slice(0, 19);
let idCounter = 0;
/** 17 hex chars, increasing like EspoCRM's time-based ids (lists break createdAt ties by id). */
const newId = () =>
  Date.now().toString(16).padStart(11, '0').slice(-11) +
  ((idCounter++ % 0x100000) * 16 + Math.floor(Math.random() * 16)).toString(16).padStart(6, '0');

function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A local EspoCRM 8.4 speaking its REST API with its semantics, as recorded in
 * shared/contracts/espocrm and read in EspoCRM 8.4.2's source (see README.md): auth headers, statuses,
 * X-Status-Reason, record shapes of Lead, Contact, Account, Opportunity, Call, Meeting, Task, Note and the
 * shipped custom entities, duplicates, validation, lists, relationships, lead conversion, merge, Field
 * Manager, layouts, metadata, labels — plus latency and faults.
 */
export async function startEspoStandIn(opts: EspoStandInOptions = {}) {
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
  const users: EspoUser[] =
    opts.users === 'admin-only'
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
  const meta = coreMetadata();
  const custom: Customizations | null = opts.customizations
    ? loadCustomizations(opts.customizations === 'infra' ? INFRA_CUSTOM_RESOURCES : opts.customizations)
    : null;
  if (custom) applyCustomizations(meta, custom);
  const labels: Record<string, Record<string, string>> = {};
  const roles = new Map<string, string>();
  /** The field map of an entity (created for an unknown one, as addField has always allowed). */
  const defsOf = (entity: string): Record<string, FieldDef> => {
    meta.entityDefs[entity] ??= { fields: {}, links: {} };
    return meta.entityDefs[entity].fields;
  };
  const labelsOf = (entity: string) => {
    labels[entity] = labels[entity] ?? {};
    return labels[entity];
  };
  const customFieldsOf = (entity: string) =>
    Object.entries(meta.entityDefs[entity]?.fields ?? {})
      .filter(([, d]) => d.isCustom && d.type !== 'linkMultiple')
      .map(([k]) => k);
  const layouts = { ...defaultLayouts(), ...(custom?.layouts ?? {}) };
  const store = new Map<string, Map<string, Rec>>();
  const joins: JoinRow[] = [];
  const hookQueue: Array<{ webhook: Rec; payload: Rec }> = [];
  const log: Array<{ method: string; path: string; status: number; user: string | null }> = [];
  let faults: EspoFaults = { ...opts.faults };
  const random = opts.random ?? mulberry32(opts.seed ?? 42);
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
  const isEntity = (entity: string) => SYSTEM_ENTITIES.includes(entity) || !!meta.entityDefs[entity];

  function metadata(): Rec {
    return {
      entityDefs: meta.entityDefs,
      scopes: meta.scopes,
      ...(custom?.metadata.clientDefs ? { clientDefs: custom.metadata.clientDefs } : {}),
    };
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://x');
    if (!url.pathname.startsWith('/api/v1/')) return send(res, 404, '');
    const path = url.pathname.slice('/api/v1'.length);
    const method = req.method ?? 'GET';
    if (opts.latencyMs) await sleep(opts.latencyMs);
    if ((faults.failNext ?? 0) > 0) {
      faults.failNext = (faults.failNext ?? 0) - 1;
      return send(res, 503, '', { 'X-Status-Reason': 'Maintenance' });
    }
    if (faults.timeoutRate && random() < faults.timeoutRate) return; // hangs: the client's timeout decides
    if (faults.errorRate && random() < faults.errorRate) return send(res, random() < 0.5 ? 500 : 503, '');

    // routes.json: I18n is a no-auth route; without credentials it answers the login page's labels only.
    if (path === '/I18n' && method === 'GET') {
      const who = authenticate(req, path, users);
      if (who === 'bad') return send(res, 401, '');
      // `?default=true` is the install's language rather than the user's: the same here (users have none).
      const data = i18nData(custom?.i18n ?? {}, labels, ctx.settings.language);
      return send(res, 200, who === 'none' ? loginI18n(data) : data);
    }

    const auth = authenticate(req, path, users);
    if (auth === 'none') return send(res, 401, '', { 'WWW-Authenticate': 'Basic realm=""' });
    if (auth === 'bad') return send(res, 401, '');
    const user = auth;
    const isAdmin = user.type === 'admin';
    const raw = (await readBody(req)).toString('utf8');
    const isJson = /^application\/json\b/i.test(String(req.headers['content-type'] ?? ''));
    const parseBody = (): Rec => {
      if (!raw) return {};
      if (!isJson) return {}; // EspoCRM ignores a body it cannot read as JSON
      let v: unknown;
      try {
        v = JSON.parse(raw);
      } catch {
        throw new HttpError(400, 'Body is not a JSON object.');
      }
      if (Array.isArray(v)) return {};
      if (typeof v !== 'object' || v === null) throw new HttpError(400, 'Body is not a JSON object.');
      return v as Rec;
    };
    const requireAdmin = () => {
      if (!isAdmin) throw new HttpError(403, '');
    };
    const parts = path.split('/').filter(Boolean);

    if (parts[0] === 'App' && parts[1] === 'user' && method === 'GET') {
      // Espo-Authorization creates (or reuses) a token; Basic and API keys get none.
      let token: string | null | undefined;
      if (user.type !== 'api') {
        const espoAuth = req.headers['espo-authorization'] as string | undefined;
        if (!espoAuth) token = undefined;
        else if (req.headers['espo-authorization-by-token'] === 'true') {
          token = Buffer.from(espoAuth, 'base64').toString('utf8').split(':').slice(1).join(':');
        } else {
          token = randomBytes(16).toString('hex');
          user.tokens.add(token);
        }
      } else token = null;
      return send(res, 200, appUserBody(user, token, [...Object.keys(meta.entityDefs), ...SYSTEM_ENTITIES]));
    }
    // Controllers/Settings::getActionRead: the config a user may read (currencies, time zone…).
    if (parts[0] === 'Settings' && parts.length === 1 && method === 'GET')
      return send(res, 200, settingsBody(ctx.settings));
    // Controllers/Settings::putActionUpdate: admins only; the answer is the config as read after.
    if (parts[0] === 'Settings' && parts.length === 1 && method === 'PUT') {
      requireAdmin();
      updateSettings(ctx.settings, parseBody());
      return send(res, 200, settingsBody(ctx.settings));
    }
    if (parts[0] === 'Metadata' && method === 'GET') {
      const key = url.searchParams.get('key');
      let v: unknown = metadata();
      if (key) for (const k of key.split('.')) v = (v as Rec | undefined)?.[k];
      // As 8.4.2 writes an action's result: a string raw (not JSON), a falsy value as an empty body.
      if (!v) return send(res, 200, '', { 'content-type': 'application/json' });
      return send(res, 200, v);
    }
    if (parts[0] === 'Admin') {
      requireAdmin();
      if (parts[1] === 'rebuild' || parts[1] === 'clearCache') return send(res, 200, true);
      if (parts[1] === 'fieldManager' && parts[2])
        return fieldManager(parts[2], parts[3], method, parseBody, res);
      return send(res, 404, '');
    }
    if (parts[0] === 'Action' && parts.length === 1 && method === 'POST')
      return send(res, 200, processAction(ctx, parseBody(), user));

    const entity = parts[0]!;
    if (!isEntity(entity)) throw notFound(`Controller '${entity}' does not exist.`);
    if (parts[1] === 'layout' && parts[2]) {
      const key = `${entity}/${parts[2]}`;
      if (method === 'GET') return send(res, 200, layouts[key] ?? []);
      if (method === 'PUT') {
        requireAdmin();
        const v = JSON.parse(raw || 'null') as unknown;
        layouts[key] = v;
        return send(res, 200, v);
      }
    }
    if (entity === 'Role' && method === 'POST' && !parts[1]) {
      requireAdmin();
      const id = newId();
      const rec = roleCreateBody(id, parseBody(), now());
      roles.set(id, String(rec.name));
      table('Role').set(id, rec);
      return send(res, 200, rec);
    }
    if (entity === 'User' && method === 'POST' && !parts[1]) {
      requireAdmin();
      const body = parseBody();
      const type = body.type === 'api' ? 'api' : body.type === 'admin' ? 'admin' : 'regular';
      const created: EspoUser = {
        id: newId(),
        userName: String(body.userName ?? ''),
        type,
        tokens: new Set(),
        createdAt: now(),
        createdById: user.id,
        createdByName: user.name ?? user.userName,
        rolesIds: Array.isArray(body.rolesIds) ? body.rolesIds.map(String) : [],
        ...(type === 'api'
          ? {
              authMethod: body.authMethod === 'Hmac' ? ('Hmac' as const) : ('ApiKey' as const),
              apiKey: randomBytes(16).toString('hex'),
              ...(body.authMethod === 'Hmac' ? { secretKey: randomBytes(16).toString('hex') } : {}),
            }
          : { password: String(body.password ?? ''), lastName: String(body.lastName ?? body.userName) }),
      };
      users.push(created);
      return send(res, 200, userCreateBody(created, roles));
    }
    if (entity === 'Webhook' && method === 'POST' && !parts[1]) {
      const body = parseBody();
      if (!/^[A-Z][A-Za-z]+\.(create|update|delete|fieldUpdate\.[A-Za-z]+)$/.test(String(body.event ?? '')))
        throw new HttpError(403, 'Not supported event.');
      const { rec } = createRecord(ctx, entity, body, user, { skipDuplicateCheck: true });
      Object.assign(rec, {
        secretKey: randomBytes(16).toString('hex'),
        isActive: rec.isActive ?? true,
        entityType: String(rec.event).split('.')[0],
        type: String(rec.event).split('.')[1],
        field: null,
        // An admin's webhook records no owner; an API user's is owned (and the key is absent).
        ...(user.type === 'admin' ? { userName: null } : { userId: user.id }),
      });
      const { userId: _owner, ...shown } = rec;
      return send(res, 201, shown);
    }
    if (parts[1] === 'action' && parts[2]) {
      // Crm/Controllers/Lead: postActionConvert, postActionGetConvertAttributes; any other action is 404.
      if (method === 'POST' && entity === 'Lead' && parts[2] === 'convert')
        return send(res, 200, convertLead(ctx, parseBody(), user));
      if (method === 'POST' && entity === 'Lead' && parts[2] === 'getConvertAttributes')
        return send(res, 200, convertAttributes(ctx, parseBody()));
      throw notFound(`Action ${method} '${parts[2]}' does not exist in controller '${entity}'.`);
    }
    const id = parts[1];
    if (!id) {
      if (method === 'GET')
        return send(
          res,
          200,
          listRecords(ctx, entity, url.searchParams, req.headers['x-no-total'] === 'true'),
        );
      if (method === 'POST') {
        const body = parseBody();
        // CreateParamsFetcher: the header wins; without it, the legacy body flags.
        const header = req.headers['x-skip-duplicate-check'];
        const skip =
          header !== undefined
            ? String(header).toLowerCase() === 'true'
            : Boolean(body._skipDuplicateCheck ?? body.skipDuplicateCheck ?? body.forceDuplicate ?? false);
        const { rec, provided } = createRecord(ctx, entity, body, user, { skipDuplicateCheck: skip });
        return send(res, 200, createAnswer(ctx, entity, rec, provided, writtenInput(ctx, entity, body)));
      }
      return send(res, 405, '');
    }
    const rec = table(entity).get(id);
    if (parts[2] === 'stream' && method === 'GET') {
      if (!rec || rec.deleted) throw new HttpError(404, `Record ${id} does not exist.`);
      const posts = [...table('Note').values()]
        .filter((n) => n.parentId === id && !n.deleted)
        .map((n) => streamPost(hydrate(ctx, 'Note', n)));
      const all = [...posts, ...ctx.stream.forParent(id)].sort((a, b) => Number(b.number) - Number(a.number));
      const maxSize = Math.min(Number(url.searchParams.get('maxSize') ?? 20), 200);
      const offset = Number(url.searchParams.get('offset') ?? 0);
      return send(res, 200, { total: all.length, list: all.slice(offset, offset + maxSize), pinnedList: [] });
    }
    if (parts[2]) {
      if (method === 'GET') return send(res, 200, listLinked(ctx, entity, id, parts[2], url.searchParams));
      if (method === 'POST') return send(res, 200, linkRecords(ctx, entity, id, parts[2], parseBody()));
      if (method === 'DELETE') return send(res, 200, unlinkRecords(ctx, entity, id, parts[2], parseBody()));
      return send(res, 404, '');
    }
    if (method === 'GET') return send(res, 200, readRecord(ctx, entity, id));
    if (method === 'PUT' || method === 'PATCH') {
      // The Lead answer still shows the phone flags/data loaded before the save (as 8.4.2 does).
      const before = rec
        ? { phone: rec.phoneNumber, optedOut: rec.phoneNumberIsOptedOut, invalid: rec.phoneNumberIsInvalid }
        : null;
      const prior = rec && !rec.deleted ? readShape(ctx, entity, rec) : null;
      const body = parseBody();
      const updated = updateRecord(ctx, entity, id, body, user);
      if (entity === 'Lead' && updated.phoneNumber) {
        updated.phoneNumberIsOptedOut = false;
        updated.phoneNumberIsInvalid = false;
      }
      const shaped = updateAnswer(ctx, entity, prior, updated, writtenInput(ctx, entity, body));
      if (entity === 'Lead' && before && before.phone !== updated.phoneNumber) {
        shaped.phoneNumberIsOptedOut = before.optedOut ?? null;
        shaped.phoneNumberIsInvalid = before.invalid ?? null;
        shaped.phoneNumberData = shapeGet(entity, { ...updated, phoneNumber: before.phone }).phoneNumberData;
      }
      return send(res, 200, shaped);
    }
    if (method === 'DELETE') {
      deleteRecord(ctx, entity, id);
      return send(res, 200, true);
    }
    return send(res, 405, '');
  }

  /**
   * Admin/fieldManager (Tools/FieldManager/FieldManager.php): a field of a core entity is stored with the
   * `c` prefix, one of a custom entity (scopes.*.isCustom) keeps its name; existing → 409.
   */
  function fieldManager(
    entity: string,
    name: string | undefined,
    method: string,
    body: () => Rec,
    res: ServerResponse,
  ) {
    const fields = defsOf(entity);
    if (method === 'POST' && !name) {
      const input = body();
      const bare = String(input.name ?? '');
      if (!bare) throw new HttpError(400, 'Empty field name.');
      const stored = meta.scopes[entity]?.isCustom
        ? bare
        : `c${bare.charAt(0).toUpperCase()}${bare.slice(1)}`;
      if (fields[stored]) {
        throw new HttpError(
          409,
          `Field '${stored}' already exists in '${entity}'.`,
          errorBody('fieldAlreadyExists', 'FieldManager', { field: stored, entityType: entity }),
        );
      }
      if (!/^[a-z]/.test(stored))
        throw new HttpError(500, 'Field name should start with a lower case letter.');
      if (/[^a-zA-Z\d]/.test(stored))
        throw new HttpError(500, 'Field name should contain only letters and numbers.');
      const def: FieldDef = { type: String(input.type) };
      if (input.options) def.options = input.options as string[];
      if (def.type === 'enum' || def.type === 'multiEnum') {
        def.default = input.default ?? '';
        def.maxLength = 100;
      }
      if (input.maxLength !== undefined) def.maxLength = Number(input.maxLength);
      // Falsy parameters (required: false, '' defaults) are not stored, as the recordings show.
      for (const k of ['min', 'max', 'required', 'default'] as const)
        if (input[k] !== undefined && input[k] !== false && input[k] !== '' && def[k] === undefined)
          (def as Rec)[k] = input[k];
      def.isCustom = true;
      fields[stored] = def;
      labelsOf(entity)[stored] = String(input.label ?? stored);
      return send(res, 200, { ...def, label: labelsOf(entity)[stored] });
    }
    if (!name) return send(res, 404, '');
    const def = fields[name];
    if (!def) throw new HttpError(500, `Can't read field defs ${entity}.${name}.`);
    if (method === 'GET') return send(res, 200, { ...def, label: labels[entity]?.[name] ?? name });
    if (method === 'PUT' || method === 'PATCH') {
      const input = body();
      Object.assign(
        def,
        input.options ? { options: input.options } : {},
        input.maxLength ? { maxLength: input.maxLength } : {},
      );
      if (input.label) labelsOf(entity)[name] = String(input.label);
      return send(res, 200, { ...def, label: labels[entity]?.[name] ?? name });
    }
    if (method === 'DELETE') {
      delete fields[name];
      return send(res, 200, true);
    }
    return send(res, 404, '');
  }

  const faultLayer = createFaultLayer({
    errorAnswer: espoFaultAnswer,
  });
  const srv = await listen(
    async (req, res) => {
      if (await faultLayer.intercept(req, res)) return;
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      try {
        await handle(req, res);
      } catch (e) {
        if (e instanceof HttpError) {
          send(res, e.status, e.body, e.reason === null ? {} : { 'X-Status-Reason': e.reason });
        } else {
          send(res, 500, '', { 'X-Status-Reason': 'Internal error' });
        }
      }
      log.push({ method: req.method ?? 'GET', path, status: res.statusCode, user: null });
    },
    opts.port ?? 0,
    { name: 'espo-stand-in' },
  );

  return {
    url: srv.url,
    stop: srv.stop,
    /** Fault rules, also at /sandbox/faults (see createFaultLayer). */
    faults: faultLayer,
    apiKey: c.apiKey,
    credentials: c,
    users,
    log,
    /** Runs EspoCRM's webhook queue job: POSTs the pending deliveries, signed. */
    runWebhookQueue: () => deliverWebhooks(hookQueue),
    setFaults(f: EspoFaults) {
      faults = { ...f };
    },
    addField(entity: string, name: string, def: FieldDef) {
      defsOf(entity)[name] = def;
    },
    state: {
      records: (entity: string) => [...table(entity).values()].filter((r) => !r.deleted),
      layout: (key: string) => layouts[key],
    },
  };
}

export type EspoStandIn = Awaited<ReturnType<typeof startEspoStandIn>>;
