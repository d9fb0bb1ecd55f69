import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { listen, readBody, send, sleep } from '../http/server.ts';
import { appUserBody, roleCreateBody, userCreateBody } from './accounts.ts';
import { authenticate, type EspoUser } from './auth.ts';
import { defaultEntityDefs, defaultLayouts, type FieldDef } from './metadata.ts';
import { matchWhere, parseBracketQuery, toWhereArray, type WhereItem, whereAttributes } from './query.ts';
import { fullName, type Rec, shapeCreate, shapeDuplicate, shapeGet, shapeListRow } from './records.ts';
import { type StreamAuthor, statusStyle, streamNote, streamPost } from './stream.ts';
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
}

export const ESPO_DEMO_CREDENTIALS = {
  apiKey: 'demo-api-key',
  hmacApiKey: 'demo-hmac-key',
  hmacSecret: 'demo-hmac-secret',
  adminUser: 'admin',
  adminPassword: 'admin-password',
} as const;

const SUPPORTED_ENTITIES = ['Lead', 'Contact', 'Account', 'Task', 'Note', 'Role', 'User', 'Webhook'];
const now = () => new Date().toISOString().replace('T', ' ').slice(0, 19);
let idCounter = 0;
/** 17 hex chars, increasing like EspoCRM's time-based ids (lists break createdAt ties by id). */
const newId = () =>
  Date.now().toString(16).padStart(11, '0').slice(-11) +
  ((idCounter++ % 0x100000) * 16 + Math.floor(Math.random() * 16)).toString(16).padStart(6, '0');
const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

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

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string | null,
    readonly body: unknown = '',
  ) {
    super(reason ?? String(status));
  }
}

const validation = (entity: string, field: string, type: string) =>
  new HttpError(400, `Field validation failure; entityType: ${entity}, field: ${field}, type: ${type}.`, {
    messageTranslation: { label: 'validationFailure', scope: null, data: { field, type } },
  });

/**
 * A local EspoCRM 8.4 speaking its REST API with its semantics, as recorded in
 * shared/contracts/espocrm: auth headers, statuses, X-Status-Reason, record shapes, duplicates,
 * validation, lists, notes, tasks, Field Manager, layouts, metadata — plus latency and faults.
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
  const defs = defaultEntityDefs();
  const labels: Record<string, Record<string, string>> = {};
  const roles = new Map<string, string>();
  const defsOf = (entity: string) => {
    defs[entity] = defs[entity] ?? {};
    return defs[entity];
  };
  const labelsOf = (entity: string) => {
    labels[entity] = labels[entity] ?? {};
    return labels[entity];
  };
  const streamNotes: Rec[] = [];
  const hookQueue: Array<{ webhook: Rec; payload: Rec }> = [];
  let noteNumber = 0;
  const customFieldsOf = (entity: string) =>
    Object.entries(defs[entity] ?? {})
      .filter(([, d]) => d.isCustom)
      .map(([k]) => k);
  function addStream(parent: Rec, author: StreamAuthor, type: string, fields: Rec, parentType = 'Lead') {
    const at = now();
    streamNotes.push(
      streamNote(
        newId(),
        ++noteNumber,
        at,
        author,
        { type: parentType, id: String(parent.id) },
        {
          type,
          ...fields,
        },
      ),
    );
  }
  const layouts = defaultLayouts();
  const store = new Map<string, Map<string, Rec>>();
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

  function validate(entity: string, data: Rec) {
    const f = defs[entity] ?? {};
    if (entity === 'Task') {
      if (!data.name) throw validation(entity, 'name', 'required');
      if (!data.assignedUserId) throw validation(entity, 'assignedUser', 'required');
    }
    for (const [k, v] of Object.entries(data)) {
      const def = f[k];
      if (v === null || v === undefined || v === '') continue;
      if (k === 'emailAddress' && !EMAIL_RE.test(String(v))) throw validation(entity, k, 'emailAddress');
      if (k === 'phoneNumber' && !/^\+\d{6,15}$/.test(String(v).replace(/[\s().-]/g, '')))
        throw validation(entity, k, 'valid');
      if (def?.type === 'enum' && def.options && !def.options.includes(String(v)))
        throw validation(entity, k, 'valid');
      if (def?.maxLength && typeof v === 'string' && v.length > def.maxLength)
        throw validation(entity, k, 'maxLength');
    }
  }

  function normalise(entity: string, data: Rec): Rec {
    const out = { ...data };
    if (typeof out.phoneNumber === 'string') out.phoneNumber = out.phoneNumber.replace(/[\s().-]/g, '');
    if (entity === 'Lead' || entity === 'Contact') {
      if ('firstName' in out || 'lastName' in out) out.name = fullName(out.firstName, out.lastName);
    }
    return out;
  }

  function duplicatesOf(data: Rec): Rec[] {
    const first = String(data.firstName ?? '').toLowerCase();
    const last = String(data.lastName ?? '').toLowerCase();
    const email = String(data.emailAddress ?? '').toLowerCase();
    return [...table('Lead').values()]
      .filter((r) => !r.deleted)
      .filter(
        (r) =>
          (email && String(r.emailAddress ?? '').toLowerCase() === email) ||
          (last &&
            String(r.lastName ?? '').toLowerCase() === last &&
            String(r.firstName ?? '').toLowerCase() === first),
      )
      .slice(0, 10);
  }

  function create(entity: string, data: Rec, user: EspoUser, skipDup: boolean): Rec {
    const clean = normalise(entity, data);
    validate(entity, clean);
    if (entity === 'Lead' && !skipDup) {
      const dups = duplicatesOf(clean);
      if (dups.length) throw new HttpError(409, 'duplicate', dups.map(shapeDuplicate));
    }
    const defaults: Rec = {};
    for (const [k, d] of Object.entries(defs[entity] ?? {}))
      if (d.default !== undefined && d.default !== '') defaults[k] = d.default;
    const t = now();
    const rec: Rec = {
      ...(entity === 'Lead'
        ? {
            doNotCall: false,
            emailAddressIsOptedOut: false,
            emailAddressIsInvalid: false,
            phoneNumberIsOptedOut: false,
            phoneNumberIsInvalid: false,
          }
        : {}),
      ...defaults,
      ...clean,
      id: newId(),
      deleted: false,
      createdAt: t,
      modifiedAt: t,
      createdById: user.id,
      createdByName: user.name ?? user.userName,
      modifiedByName: null,
    };
    if (entity === 'Lead' && !rec.phoneNumber) {
      rec.phoneNumberIsOptedOut = null;
      rec.phoneNumberIsInvalid = null;
    }
    const author = { id: user.id, name: user.name ?? user.userName };
    if ((entity === 'Note' || entity === 'Task') && rec.parentType && rec.parentId) {
      const parent = table(String(rec.parentType)).get(String(rec.parentId));
      rec.parentName = parent?.name ?? null;
    }
    if (entity === 'Note')
      Object.assign(rec, { data: {}, isInternal: false, relatedName: null, number: ++noteNumber });
    if (entity === 'Task') {
      const assignee = users.find((u) => u.id === rec.assignedUserId);
      // The assigned user follows the task (EspoCRM's auto-follow on assignment).
      Object.assign(rec, {
        dateCompleted: null,
        isOverdue: false,
        assignedUserName: assignee?.userName ?? null,
        followersIds: assignee ? [assignee.id] : [],
        followersNames: assignee ? { [assignee.id]: assignee.userName } : {},
        isFollowed: assignee?.id === user.id,
      });
      if (assignee) noteNumber++; // the Assign note on the task itself
    }
    if (entity === 'Webhook')
      Object.assign(rec, {
        secretKey: randomBytes(16).toString('hex'),
        isActive: rec.isActive ?? true,
        entityType: String(rec.event).split('.')[0],
        type: String(rec.event).split('.')[1],
        field: null,
        // An admin's webhook records no owner; an API user's is owned (and the key is absent).
        ...(user.type === 'admin' ? { userName: null } : { userId: user.id }),
      });
    table(entity).set(String(rec.id), rec);
    if (entity === 'Lead') {
      const status = rec.status ?? 'New';
      addStream(rec, author, 'Create', {
        data: { statusValue: status, statusField: 'status', statusStyle: statusStyle(status) },
      });
    }
    if (entity === 'Task' && rec.parentType && rec.parentId) {
      addStream(
        { id: rec.parentId, entityType: rec.parentType },
        author,
        'CreateRelated',
        { relatedId: rec.id, relatedType: 'Task', relatedName: rec.name ?? null },
        String(rec.parentType),
      );
    }
    for (const hook of table('Webhook').values())
      if (!hook.deleted && hook.isActive && hook.event === `${entity}.create`)
        hookQueue.push({ webhook: hook, payload: webhookPayload(rec, customFieldsOf(entity)) });
    return shapeCreate(entity, rec, Object.keys(clean), customFieldsOf(entity));
  }

  function list(entity: string, q: URLSearchParams, noTotal: boolean) {
    let params: Rec = parseBracketQuery(q);
    if (q.has('searchParams')) {
      try {
        params = JSON.parse(q.get('searchParams')!) as Rec;
      } catch {
        throw new HttpError(400, 'Invalid search params JSON.');
      }
      if (params.select !== undefined && !Array.isArray(params.select))
        throw new HttpError(400, 'select should be array.');
    }
    const maxSize = params.maxSize === undefined ? 20 : Number(params.maxSize);
    if (maxSize > 200) throw new HttpError(403, 'Max size should not exceed 200. Use offset and limit.');
    const offset = Number(params.offset ?? 0);
    const where: WhereItem[] = toWhereArray(params.where);
    const fields = defs[entity] ?? {};
    for (const a of whereAttributes(where)) {
      if (
        !(a in fields) &&
        ![
          'id',
          'createdAt',
          'modifiedAt',
          'assignedUserId',
          'parentId',
          'parentType',
          'createdById',
        ].includes(a)
      ) {
        throw new HttpError(400, `Not existing attribute '${a}' in where.`);
      }
    }
    const text = (params.textFilter ?? params.q) as string | undefined;
    const select = params.select
      ? Array.isArray(params.select)
        ? (params.select as string[])
        : String(params.select).split(',')
      : null;
    const orderBy = (params.orderBy as string | undefined) ?? null;
    const order = params.order === 'asc' ? 1 : -1;
    const today = now().slice(0, 10);
    let rows = [...table(entity).values()].filter((r) => !r.deleted && matchWhere(r, where, today));
    if (text) {
      // EspoCRM's text filter is "starts with" on each text-filter field; `*` is a wildcard.
      const pattern = new RegExp(
        `^${text
          .split('*')
          .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
          .join('.*')}`,
        'i',
      );
      rows = rows.filter((r) =>
        ['name', 'accountName', 'emailAddress', 'firstName', 'lastName'].some((k) =>
          pattern.test(String(r[k] ?? '')),
        ),
      );
    }
    const key = orderBy ?? 'createdAt';
    // Ties are broken by id in the same direction (ids grow with time, like EspoCRM's).
    const dir = orderBy ? order : -1;
    const cmp = (x: string, y: string) => (x === y ? 0 : x < y ? -1 : 1);
    rows.sort(
      (a, b) => (cmp(String(a[key] ?? ''), String(b[key] ?? '')) || cmp(String(a.id), String(b.id))) * dir,
    );
    const page = rows.slice(offset, offset + maxSize).map((r) => shapeListRow(entity, r, select, orderBy));
    const total = noTotal ? -1 : params.q !== undefined ? -2 : rows.length;
    return { total, list: page };
  }

  function metadata(): Rec {
    const entityDefs = Object.fromEntries(Object.entries(defs).map(([e, fields]) => [e, { fields }]));
    return {
      entityDefs,
      scopes: Object.fromEntries(Object.keys(defs).map((e) => [e, { entity: true, object: true }])),
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
      return send(res, 200, appUserBody(user, token, SUPPORTED_ENTITIES));
    }
    if (parts[0] === 'Metadata' && method === 'GET') {
      const key = url.searchParams.get('key');
      let v: unknown = metadata();
      if (key) for (const k of key.split('.')) v = (v as Rec | undefined)?.[k];
      return send(res, 200, v ?? null);
    }
    if (parts[0] === 'Admin') {
      requireAdmin();
      if (parts[1] === 'rebuild' || parts[1] === 'clearCache') return send(res, 200, true);
      if (parts[1] === 'fieldManager' && parts[2]) {
        const entity = parts[2];
        const fields = defsOf(entity);
        if (method === 'POST') {
          const body = parseBody();
          const name = String(body.name ?? '');
          if (!/^[a-z][a-zA-Z0-9]*$/.test(name)) throw new HttpError(400, 'Bad field name.');
          const stored = `c${name.charAt(0).toUpperCase()}${name.slice(1)}`;
          if (fields[stored]) {
            throw new HttpError(409, `Field '${stored}' already exists in '${entity}'.`, {
              messageTranslation: {
                label: 'fieldAlreadyExists',
                scope: 'FieldManager',
                data: { field: stored, entityType: entity },
              },
            });
          }
          const def: FieldDef = { type: String(body.type) };
          if (body.options) def.options = body.options as string[];
          if (def.type === 'enum' || def.type === 'multiEnum') {
            def.default = body.default ?? '';
            def.maxLength = 100;
          }
          if (body.maxLength !== undefined) def.maxLength = Number(body.maxLength);
          def.isCustom = true;
          fields[stored] = def;
          labelsOf(entity)[stored] = String(body.label ?? stored);
          return send(res, 200, { ...def, label: labelsOf(entity)[stored] });
        }
        if (parts[3]) {
          const def = fields[parts[3]];
          if (!def) throw new HttpError(500, `Can't read field defs ${entity}.${parts[3]}.`);
          if (method === 'GET')
            return send(res, 200, { ...def, label: labels[entity]?.[parts[3]] ?? parts[3] });
          if (method === 'PUT' || method === 'PATCH') {
            const body = parseBody();
            Object.assign(
              def,
              body.options ? { options: body.options } : {},
              body.maxLength ? { maxLength: body.maxLength } : {},
            );
            if (body.label) labelsOf(entity)[parts[3]] = String(body.label);
            return send(res, 200, { ...def, label: labels[entity]?.[parts[3]] ?? parts[3] });
          }
          if (method === 'DELETE') {
            delete fields[parts[3]];
            return send(res, 200, true);
          }
        }
      }
      return send(res, 404, '');
    }

    const entity = parts[0]!;
    if (!SUPPORTED_ENTITIES.includes(entity) && !defs[entity]) return send(res, 404, '');
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
    if (entity === 'Role' && method === 'POST') {
      requireAdmin();
      const id = newId();
      const rec = roleCreateBody(id, parseBody(), now());
      roles.set(id, String(rec.name));
      table('Role').set(id, rec);
      return send(res, 200, rec);
    }
    if (entity === 'User' && method === 'POST') {
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
    if (entity === 'Webhook' && method === 'POST') {
      const body = parseBody();
      if (!/^[A-Z][A-Za-z]+\.(create|update|delete|fieldUpdate\.[A-Za-z]+)$/.test(String(body.event ?? '')))
        throw new HttpError(403, 'Not supported event.');
      const rec = create(entity, body, user, true);
      const { userId: _owner, ...shown } = rec;
      return send(res, 201, shown);
    }
    const id = parts[1];
    if (!id) {
      if (method === 'GET')
        return send(res, 200, list(entity, url.searchParams, req.headers['x-no-total'] === 'true'));
      if (method === 'POST')
        return send(
          res,
          200,
          create(entity, parseBody(), user, req.headers['x-skip-duplicate-check'] === 'true'),
        );
      return send(res, 405, '');
    }
    const rec = table(entity).get(id);
    if (parts[2] === 'stream' && method === 'GET') {
      if (!rec || rec.deleted) throw new HttpError(404, `Record ${id} does not exist.`);
      const posts = [...table('Note').values()]
        .filter((n) => n.parentId === id && !n.deleted)
        .map(streamPost);
      const all = [...posts, ...streamNotes.filter((n) => n.parentId === id)].sort(
        (a, b) => Number(b.number) - Number(a.number),
      );
      const maxSize = Math.min(Number(url.searchParams.get('maxSize') ?? 20), 200);
      const offset = Number(url.searchParams.get('offset') ?? 0);
      return send(res, 200, { total: all.length, list: all.slice(offset, offset + maxSize), pinnedList: [] });
    }
    if (parts[2] && method === 'POST') {
      // link: POST {Entity}/{id}/{link} {"id": foreignId}
      if (!rec || rec.deleted) throw new HttpError(404, `Record ${id} not found.`);
      const body = parseBody();
      const links = ((rec[`${parts[2]}Ids`] as string[] | undefined) ?? []).concat(String(body.id));
      rec[`${parts[2]}Ids`] = links;
      return send(res, 200, true);
    }
    if (method === 'GET') {
      if (!rec || rec.deleted) throw new HttpError(404, `Record ${id} does not exist.`);
      return send(res, 200, shapeGet(entity, rec));
    }
    if (method === 'PUT' || method === 'PATCH') {
      if (!rec || rec.deleted) throw new HttpError(404, `Record ${id} not found.`);
      const changes = normalise(entity, { firstName: rec.firstName, lastName: rec.lastName, ...parseBody() });
      validate(entity, changes);
      // The answer still shows the phone flags/data loaded before the save (as 8.4.2 does).
      const before = {
        phone: rec.phoneNumber,
        optedOut: rec.phoneNumberIsOptedOut,
        invalid: rec.phoneNumberIsInvalid,
      };
      const statusBefore = rec.status;
      Object.assign(rec, changes, {
        modifiedAt: now(),
        modifiedById: user.id,
        modifiedByName: user.name ?? user.userName,
      });
      if (entity === 'Lead' && rec.phoneNumber) {
        rec.phoneNumberIsOptedOut = false;
        rec.phoneNumberIsInvalid = false;
      }
      if (entity === 'Lead' && 'status' in changes && changes.status !== statusBefore)
        addStream(rec, { id: user.id, name: user.name ?? user.userName }, 'Status', {
          data: { field: 'status', value: rec.status, style: statusStyle(rec.status) },
        });
      const shaped = shapeGet(entity, rec);
      if (entity === 'Lead' && before.phone !== rec.phoneNumber) {
        shaped.phoneNumberIsOptedOut = before.optedOut ?? null;
        shaped.phoneNumberIsInvalid = before.invalid ?? null;
        shaped.phoneNumberData = shapeGet(entity, { ...rec, phoneNumber: before.phone }).phoneNumberData;
      }
      return send(res, 200, shaped);
    }
    if (method === 'DELETE') {
      if (!rec || rec.deleted) throw new HttpError(404, `Record ${id} not found.`);
      rec.deleted = true;
      return send(res, 200, true);
    }
    return send(res, 405, '');
  }

  const srv = await listen(async (req, res) => {
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
  }, opts.port ?? 0);

  return {
    url: srv.url,
    stop: srv.stop,
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
