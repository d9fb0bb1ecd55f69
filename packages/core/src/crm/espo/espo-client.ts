import type { Clock, FetchLike } from '../../shared/clock.ts';
import { AppError, describeError, isAppError } from '../../shared/errors.ts';
import type { Logger } from '../../shared/logger.ts';
import { assertSupportedRegion, checkPhone } from '../phone.ts';
import type {
  CrmClient,
  CrmLabels,
  CrmRecord,
  FieldDef,
  HealthReport,
  ListQuery,
  ListResult,
  WhereClause,
} from '../port.ts';
import type { EspoAuth } from './auth.ts';
import { assertName, assertRecordId } from './ids.ts';
import { settingsCalls } from './settings.ts';
import { createEspoClientState, type EspoClientState } from './state.ts';
import { createEspoTransport } from './transport.ts';
import { appendWhere } from './where.ts';

export interface EspoClientOptions {
  baseUrl: string;
  auth: EspoAuth;
  /** A rotation's previous API key / HMAC secret, tried once when `auth` is refused (401). */
  fallbackAuth?: EspoAuth;
  /** Admin user for the Field Manager, layouts, rebuild and cache (API users are never admins). */
  adminAuth?: Extract<EspoAuth, { kind: 'basic' }>;
  /** Cloudflare Access service token, for an EspoCRM behind a Cloudflare Tunnel. */
  cfAccess?: { clientId: string; clientSecret: string };
  fetch: FetchLike;
  clock: Clock;
  logger: Logger;
  timeoutMs?: number;
  /**
   * Retries for idempotent requests (GET/PUT/DELETE) on 5xx and timeouts; default 2. A POST is
   * retried only when it provably never reached EspoCRM (no connection).
   */
  retries?: number;
  /** @deprecated use `retries` (attempts = retries + 1). */
  attempts?: number;
  /** Shared mode: every write carries this value, every read is filtered on it. */
  tenant?: { field: string; value: string } | null;
  /**
   * Region for phone numbers typed without a country code ("FR"). Must be a region libphonenumber-js
   * supports (a configuration error otherwise); without it only international numbers are accepted.
   */
  defaultCountry?: string;
  /** Field-definition cache (per client instance, or per `state`). */
  cache?: { ttlMs?: number };
  /** @deprecated use `cache.ttlMs`. */
  metadataTtlMs?: number;
  random?: () => number;
  /** Tokens, field metadata and user id to share with other clients of the same tenant. */
  state?: EspoClientState;
}

export const ESPO_MAX_PAGE = 200;

export function createEspoClient(o: EspoClientOptions): CrmClient {
  if (o.defaultCountry !== undefined) assertSupportedRegion(o.defaultCountry);
  const fieldsTtl = o.cache?.ttlMs ?? o.metadataTtlMs ?? 5 * 60_000;
  const state = o.state ?? createEspoClientState();
  const { fieldsCache } = state;
  const tenant = o.tenant ?? null;
  const transport = createEspoTransport({
    base: `${o.baseUrl.replace(/\/+$/, '')}/api/v1`,
    auth: o.auth,
    fallbackAuth: o.fallbackAuth,
    adminAuth: o.adminAuth,
    cfAccess: o.cfAccess,
    fetch: o.fetch,
    clock: o.clock,
    logger: o.logger,
    timeoutMs: o.timeoutMs ?? 10_000,
    attempts: o.retries !== undefined ? o.retries + 1 : (o.attempts ?? 3),
    random: o.random ?? Math.random,
    state,
  });
  const { request, login } = transport;

  /** `/Entity/id` once both are known to be safe path segments. */
  const recordPath = (entity: string, id: string): string => {
    assertName('entity', entity);
    assertRecordId(id);
    return `/${entity}/${id}`;
  };
  const entityPath = (entity: string): string => {
    assertName('entity', entity);
    return `/${entity}`;
  };

  const prepare = (data: Record<string, unknown>): Record<string, unknown> => {
    const out = { ...data };
    if (typeof out.phoneNumber === 'string' && out.phoneNumber) {
      const phone = checkPhone(out.phoneNumber, o.defaultCountry ?? null);
      if (!phone.ok)
        throw new AppError('validation', 'Invalid phoneNumber', {
          retryable: false,
          details: {
            kind: 'validation',
            field: 'phoneNumber',
            type: 'valid',
            problem: phone.problem,
            delivery: 'not_sent',
          },
        });
      out.phoneNumber = phone.e164;
    }
    if (tenant) {
      if (tenant.field in out && out[tenant.field] !== tenant.value) {
        throw new AppError('forbidden', 'The tenant field cannot be set', {
          retryable: false,
          details: { kind: 'forbidden', delivery: 'not_sent' },
        });
      }
      out[tenant.field] = tenant.value;
    }
    return out;
  };

  const scoped = (where: WhereClause[] | undefined): WhereClause[] | undefined =>
    tenant ? [{ type: 'equals', attribute: tenant.field, value: tenant.value }, ...(where ?? [])] : where;

  /** Shared mode: a record of another tenant is reported as missing, whatever the caller asked. */
  async function assertOwned(entity: string, id: string): Promise<void> {
    if (!tenant) return;
    const q = new URLSearchParams({ select: `id,${tenant.field}` });
    const rec = await request<CrmRecord>('GET', recordPath(entity, id), { query: q, expect: 'record' });
    if (rec?.[tenant.field] !== tenant.value) throw notFound(id);
  }

  // Another tenant's record looks exactly like a missing one: nothing about it leaks.
  const notFound = (id: string) =>
    new AppError('not_found', `Record ${id} does not exist.`, {
      retryable: false,
      details: { kind: 'not_found', delivery: 'not_sent' },
    });

  const client: CrmClient = {
    async list(entity, q: ListQuery = {}): Promise<ListResult> {
      const params = new URLSearchParams();
      const w = scoped(q.where);
      if (w?.length) appendWhere(params, w);
      if (q.select?.length)
        params.set('select', [...new Set([...q.select, ...(tenant ? [tenant.field] : [])])].join(','));
      if (q.orderBy) params.set('orderBy', q.orderBy);
      if (q.order) params.set('order', q.order);
      params.set('maxSize', String(Math.min(Math.max(q.maxSize ?? 20, 1), ESPO_MAX_PAGE)));
      if (q.offset) params.set('offset', String(q.offset));
      if (q.textFilter) params.set('textFilter', q.textFilter);
      const path = entityPath(entity);
      await login(o.auth);
      const res = await request<ListResult>('GET', path, { query: params, expect: 'list' });
      const list = tenant ? res.list.filter((r) => r[tenant.field] === tenant.value) : res.list;
      return { total: res.total, list };
    },
    async listAll(entity, q = {}, limit = 1000) {
      const out: CrmRecord[] = [];
      for (let offset = 0; out.length < limit; offset += ESPO_MAX_PAGE) {
        const page = await client.list(entity, {
          ...q,
          offset,
          maxSize: Math.min(ESPO_MAX_PAGE, limit - out.length),
        });
        out.push(...page.list);
        if (page.list.length < ESPO_MAX_PAGE || (page.total >= 0 && offset + ESPO_MAX_PAGE >= page.total))
          break;
      }
      return out;
    },
    async get(entity, id) {
      const path = recordPath(entity, id);
      await login(o.auth);
      const rec = await request<CrmRecord>('GET', path, { expect: 'record' });
      if (tenant && rec?.[tenant.field] !== tenant.value) throw notFound(id);
      return rec;
    },
    async create(entity, data, opts = {}) {
      const path = entityPath(entity);
      const body = prepare(data);
      await login(o.auth);
      try {
        const record = await request<CrmRecord>('POST', path, {
          body,
          headers: opts.skipDuplicateCheck ? { 'X-Skip-Duplicate-Check': 'true' } : {},
          expect: 'record',
        });
        return { record, duplicate: false, duplicates: [] };
      } catch (e) {
        if (isAppError(e) && e.code === 'duplicate') {
          const all = (e.details?.records as CrmRecord[]) ?? [];
          // Shared mode: never hand back another tenant's record as "the existing one".
          const mine = tenant ? all.filter((r) => r[tenant.field] === tenant.value) : all;
          if (mine[0]) return { record: mine[0], duplicate: true, duplicates: mine };
          if (tenant) {
            const record = await request<CrmRecord>('POST', path, {
              body,
              headers: { 'X-Skip-Duplicate-Check': 'true' },
              expect: 'record',
            });
            return { record, duplicate: false, duplicates: [] };
          }
        }
        throw e;
      }
    },
    async update(entity, id, data) {
      const path = recordPath(entity, id);
      const body = prepare(data);
      await login(o.auth);
      await assertOwned(entity, id);
      return request<CrmRecord>('PUT', path, { body, expect: 'record' });
    },
    async delete(entity, id) {
      const path = recordPath(entity, id);
      await login(o.auth);
      await assertOwned(entity, id);
      await request('DELETE', path);
    },
    async link(entity, id, link, foreignId, foreignEntity) {
      const path = recordPath(entity, id);
      assertName('link', link);
      assertRecordId(foreignId);
      await login(o.auth);
      await assertOwned(entity, id);
      if (foreignEntity) await assertOwned(foreignEntity, foreignId);
      await request('POST', `${path}/${link}`, { body: { id: foreignId } });
    },
    async unlink(entity, id, link, foreignId, foreignEntity) {
      const path = recordPath(entity, id);
      assertName('link', link);
      assertRecordId(foreignId);
      await login(o.auth);
      await assertOwned(entity, id);
      if (foreignEntity) await assertOwned(foreignEntity, foreignId);
      await request('DELETE', `${path}/${link}`, { body: { id: foreignId } });
    },
    async convertLead(id, records, opts = {}) {
      assertRecordId(id);
      const body: Record<string, unknown> = {};
      for (const [entity, values] of Object.entries(records)) if (values) body[entity] = prepare(values);
      await login(o.auth);
      await assertOwned('Lead', id);
      // Shared mode: EspoCRM's duplicate check knows no tenant, and its 409 names other tenants' records.
      const skipDuplicateCheck = Boolean(tenant) || Boolean(opts.skipDuplicateCheck);
      try {
        return await request<CrmRecord>('POST', '/Lead/action/convert', {
          body: { id, records: body, skipDuplicateCheck },
          expect: 'record',
        });
      } catch (e) {
        if (isAppError(e) && e.code === 'duplicate' && tenant)
          throw new AppError('duplicate', e.message, { retryable: false, details: { kind: 'duplicate' } });
        throw e;
      }
    },
    async convertAttributes(id) {
      assertRecordId(id);
      await login(o.auth);
      // The lead's values: another tenant's lead is as missing here as anywhere else.
      await assertOwned('Lead', id);
      const res = await request<Record<string, unknown> | null>('POST', '/Lead/action/getConvertAttributes', {
        body: { id },
      });
      const out: Record<string, Record<string, unknown>> = {};
      for (const entity of ['Account', 'Contact', 'Opportunity']) {
        const v = res?.[entity];
        if (v && typeof v === 'object' && !Array.isArray(v)) out[entity] = v as Record<string, unknown>;
      }
      return out;
    },
    ...settingsCalls({
      transport,
      auth: o.auth,
      adminAuth: o.adminAuth,
      shared: tenant !== null,
      state,
      clock: o.clock,
      ttlMs: fieldsTtl,
    }),
    async merge(entity, targetId, sourceIds, attributes = {}) {
      recordPath(entity, targetId);
      const sources = [...new Set(sourceIds)];
      for (const id of sources) assertRecordId(id);
      if (!sources.length || sources.includes(targetId))
        throw new AppError('bad_request', 'Merge needs sources other than the target', {
          retryable: false,
          details: { kind: 'bad_request', field: 'sourceIds', delivery: 'not_sent' },
        });
      await login(o.auth);
      // Shared mode: every record involved must be the tenant's, and the target keeps its tenant value.
      for (const id of [targetId, ...sources]) await assertOwned(entity, id);
      // 8.4 has no `{Entity}/action/merge` route: merge is one of the generic actions.
      return request<CrmRecord>('POST', '/Action', {
        body: {
          entityType: entity,
          action: 'merge',
          id: targetId,
          data: { sourceIdList: sources, attributes: prepare(attributes) },
        },
      });
    },
    async stream(entity, id, q = {}) {
      const path = `${recordPath(entity, id)}/stream`;
      await login(o.auth);
      // Shared mode: the stream of another tenant's record is as missing as the record.
      await assertOwned(entity, id);
      const params = new URLSearchParams({
        maxSize: String(Math.min(Math.max(q.maxSize ?? 20, 1), ESPO_MAX_PAGE)),
      });
      if (q.offset) params.set('offset', String(q.offset));
      const res = await request<ListResult>('GET', path, { query: params, expect: 'list' });
      return { total: res.total, list: res.list };
    },
    async currentUserId() {
      if (state.userId) return state.userId;
      const res = await request<{ user: { id: string }; token?: string }>('GET', '/App/user');
      if (o.auth.kind === 'basic' && res.token) state.tokens.set(o.auth.username, res.token);
      state.userId = res.user.id;
      return state.userId;
    },
    async fields(entity) {
      assertName('entity', entity);
      const cached = fieldsCache.get(entity);
      if (cached && o.clock.now().getTime() - cached.at < fieldsTtl) return cached.fields;
      await login(o.auth);
      let fields = await request<Record<string, FieldDef> | null>('GET', '/Metadata', {
        query: new URLSearchParams({ key: `entityDefs.${entity}.fields` }),
      }).catch((e: unknown) => {
        // EspoCRM before 8.2 has no `?key=`: fall back to the full metadata below.
        if (isAppError(e) && (e.code === 'bad_request' || e.code === 'not_found')) return null;
        throw e;
      });
      if (!fields || typeof fields !== 'object' || Array.isArray(fields)) {
        const all = await request<{ entityDefs?: Record<string, { fields?: Record<string, FieldDef> }> }>(
          'GET',
          '/Metadata',
        );
        fields = all?.entityDefs?.[entity]?.fields ?? {};
      }
      fieldsCache.set(entity, { at: o.clock.now().getTime(), fields });
      return fields;
    },
    async labels() {
      const cached = state.labels;
      if (cached && o.clock.now().getTime() - cached.at < fieldsTtl) return cached.value;
      await login(o.auth);
      const res = await request<Record<string, unknown> | null>('GET', '/I18n');
      const value = pickLabels(res);
      state.labels = { at: o.clock.now().getTime(), value };
      return value;
    },
    async createField(entity, def) {
      assertName('entity', entity);
      const bare = /^c[A-Z]/.test(def.name) ? def.name.charAt(1).toLowerCase() + def.name.slice(2) : def.name;
      const stored = `c${bare.charAt(0).toUpperCase()}${bare.slice(1)}`;
      await login(o.adminAuth ?? o.auth);
      try {
        await request('POST', `/Admin/fieldManager/${entity}`, { body: { ...def, name: bare }, admin: true });
        fieldsCache.delete(entity);
        state.labels = undefined;
        return { name: stored, created: true };
      } catch (e) {
        if (isAppError(e) && e.code === 'conflict') return { name: stored, created: false };
        throw e;
      }
    },
    async addFieldToLayouts(entity, field, layouts = ['detail', 'list']) {
      assertName('entity', entity);
      for (const name of layouts) assertName('layout', name);
      await login(o.adminAuth ?? o.auth);
      const changed: string[] = [];
      for (const name of layouts) {
        const layout = await request<unknown>('GET', `/${entity}/layout/${name}`, { admin: true });
        const next = insertField(name, layout, field);
        if (!next) continue;
        await request('PUT', `/${entity}/layout/${name}`, { body: next, admin: true });
        changed.push(name);
      }
      return { changed };
    },
    async clearCache() {
      await login(o.adminAuth ?? o.auth);
      await request('POST', '/Admin/clearCache', { admin: true });
    },
    async rebuild() {
      await login(o.adminAuth ?? o.auth);
      await request('POST', '/Admin/rebuild', { admin: true });
    },
    async health(entities = ['Lead']): Promise<HealthReport> {
      const started = o.clock.now().getTime();
      const report: HealthReport = {
        reachable: false,
        authenticated: false,
        admin: null,
        tenantField: null,
        latencyMs: 0,
      };
      try {
        await login(o.auth);
        const me = await request<{ user?: { type?: string } }>('GET', '/App/user');
        report.reachable = true;
        report.authenticated = true;
        if (!o.adminAuth) report.admin = me?.user?.type === 'admin';
        else {
          try {
            await login(o.adminAuth);
            const admin = await request<{ user: { type: string } }>('GET', '/App/user', { admin: true });
            report.admin = admin.user.type === 'admin';
          } catch {
            report.admin = false;
          }
        }
        if (tenant) {
          report.tenantField = {};
          for (const e of entities) report.tenantField[e] = tenant.field in (await client.fields(e));
        }
      } catch (e) {
        report.reachable = isAppError(e) && (e.code === 'unauthorized' || e.code === 'forbidden');
        report.error = describeError(e).code;
      }
      report.latencyMs = o.clock.now().getTime() - started;
      return report;
    },
  };
  return client;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const strings = (v: unknown): Record<string, string> =>
  isObject(v)
    ? Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string'))
    : {};

/** Only what names fields and values is kept of `GET I18n` (the whole answer is large). */
function pickLabels(res: Record<string, unknown> | null): CrmLabels {
  const out: CrmLabels = {};
  for (const [scope, data] of Object.entries(res ?? {})) {
    if (!isObject(data)) continue;
    const fields = strings(data.fields);
    const options = isObject(data.options)
      ? Object.fromEntries(Object.entries(data.options).map(([f, o]) => [f, strings(o)]))
      : {};
    if (Object.keys(fields).length || Object.keys(options).length) out[scope] = { fields, options };
  }
  return out;
}

type DetailPanel = { label?: string; rows: Array<Array<{ name: string } | false>> };

/** Returns the layout with the field added once, or null when it is already there. */
export function insertField(kind: string, layout: unknown, field: string): unknown | null {
  if (JSON.stringify(layout ?? null).includes(`"name":"${field}"`)) return null;
  if (kind === 'list') return [...((layout as unknown[]) ?? []), { name: field }];
  const panels =
    Array.isArray(layout) && layout.length
      ? (structuredClone(layout) as DetailPanel[])
      : [{ label: 'Overview', rows: [] }];
  panels[0]!.rows.push([{ name: field }, false]);
  return panels;
}
