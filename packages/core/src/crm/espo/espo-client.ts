import type { Clock, FetchLike } from '../../shared/clock.ts';
import { AppError, describeError, isAppError } from '../../shared/errors.ts';
import type { Logger } from '../../shared/logger.ts';
import { normalizePhone } from '../phone.ts';
import type {
  CrmClient,
  CrmRecord,
  FieldDef,
  HealthReport,
  ListQuery,
  ListResult,
  WhereClause,
} from '../port.ts';
import { authHeaders, type EspoAuth } from './auth.ts';
import { toCrmError } from './errors.ts';
import { appendWhere } from './where.ts';

export interface EspoClientOptions {
  baseUrl: string;
  auth: EspoAuth;
  /** Admin user for the Field Manager, layouts, rebuild and cache (API users are never admins). */
  adminAuth?: Extract<EspoAuth, { kind: 'basic' }>;
  /** Cloudflare Access service token, for an EspoCRM behind a Cloudflare Tunnel. */
  cfAccess?: { clientId: string; clientSecret: string };
  fetch: FetchLike;
  clock: Clock;
  logger: Logger;
  timeoutMs?: number;
  /** Retries for idempotent requests (GET/PUT/DELETE) on 5xx and timeouts; default 2. POST is never retried. */
  retries?: number;
  /** @deprecated use `retries` (attempts = retries + 1). */
  attempts?: number;
  /** Shared mode: every write carries this value, every read is filtered on it. */
  tenant?: { field: string; value: string } | null;
  defaultCountry?: string;
  /** Field-definition cache (per client instance). */
  cache?: { ttlMs?: number };
  /** @deprecated use `cache.ttlMs`. */
  metadataTtlMs?: number;
  random?: () => number;
}

export const ESPO_MAX_PAGE = 200;
const IDEMPOTENT = new Set(['GET', 'PUT', 'DELETE']);

export function createEspoClient(o: EspoClientOptions): CrmClient {
  const base = `${o.baseUrl.replace(/\/+$/, '')}/api/v1`;
  const attempts = o.retries !== undefined ? o.retries + 1 : (o.attempts ?? 3);
  const fieldsTtl = o.cache?.ttlMs ?? o.metadataTtlMs ?? 5 * 60_000;
  const random = o.random ?? Math.random;
  const tokens = new Map<string, string>();
  const fieldsCache = new Map<string, { at: number; fields: Record<string, FieldDef> }>();
  let userId: string | null = null;
  const tenant = o.tenant ?? null;

  async function request<T>(
    method: string,
    path: string,
    opts: { body?: unknown; query?: URLSearchParams; admin?: boolean; headers?: Record<string, string> } = {},
  ): Promise<T> {
    const auth: EspoAuth = opts.admin ? (o.adminAuth ?? o.auth) : o.auth;
    const tokenKey = auth.kind === 'basic' ? auth.username : '';
    const url = `${base}${path}${opts.query && [...opts.query].length ? `?${opts.query}` : ''}`;
    let relogged = false;
    for (let attempt = 1; ; attempt++) {
      const started = o.clock.now().getTime();
      const token = tokens.get(tokenKey) ?? null;
      try {
        const headers: Record<string, string> = {
          Accept: 'application/json',
          ...(await authHeaders(auth, method, path, token)),
          ...(o.cfAccess
            ? {
                'CF-Access-Client-Id': o.cfAccess.clientId,
                'CF-Access-Client-Secret': o.cfAccess.clientSecret,
              }
            : {}),
          ...opts.headers,
        };
        // Always an object with the JSON content type: EspoCRM silently creates an empty record otherwise.
        if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
        const res = await o.fetch(url, {
          method,
          headers,
          ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
          signal: AbortSignal.timeout(o.timeoutMs ?? 10_000),
        });
        o.logger.debug('crm.call', {
          method,
          path: path.replace(/\/[0-9a-f]{17,}/g, '/:id'),
          status: res.status,
          attempt,
          durationMs: o.clock.now().getTime() - started,
        });
        if (res.status === 401 && token && !relogged) {
          // The token expired: log in again once with the password, then replay (401 = not processed).
          tokens.delete(tokenKey);
          relogged = true;
          await login(auth);
          attempt--;
          continue;
        }
        if (!res.ok) throw await toCrmError(res, method, path);
        const text = await res.text();
        return (text ? JSON.parse(text) : null) as T;
      } catch (e) {
        const err = isAppError(e)
          ? e
          : (e as Error)?.name === 'TimeoutError' || (e as Error)?.name === 'AbortError'
            ? new AppError('timeout', `EspoCRM did not answer within ${o.timeoutMs ?? 10_000} ms`, {
                retryable: true,
                details: { kind: 'timeout' },
              })
            : new AppError('unavailable', 'EspoCRM unreachable', {
                retryable: true,
                cause: e,
                details: { kind: 'unavailable' },
              });
        // Never retry a create: a lost answer may hide a success.
        if (!err.retryable || !IDEMPOTENT.has(method) || attempt >= attempts) {
          if (err.retryable) o.logger.warn('crm.failed', { method, attempt, ...describeError(err) });
          throw err;
        }
        const backoff = Math.min(200 * 2 ** (attempt - 1), 2000);
        await o.clock.sleep(backoff / 2 + random() * (backoff / 2));
      }
    }
  }

  /** Basic auth: one password login (GET App/user) whose token later requests reuse. */
  async function login(auth: EspoAuth | undefined) {
    if (auth?.kind !== 'basic' || tokens.has(auth.username)) return;
    const res = await request<{ token?: string | null; user?: { id: string } }>('GET', '/App/user', {
      admin: auth === o.adminAuth && auth !== o.auth,
    });
    if (res?.token) tokens.set(auth.username, res.token);
  }

  const prepare = (data: Record<string, unknown>): Record<string, unknown> => {
    const out = { ...data };
    if (typeof out.phoneNumber === 'string' && out.phoneNumber) {
      const e164 = normalizePhone(out.phoneNumber, o.defaultCountry ?? 'FR');
      if (!e164)
        throw new AppError('validation', 'Invalid phoneNumber', {
          retryable: false,
          details: { kind: 'validation', field: 'phoneNumber', type: 'valid' },
        });
      out.phoneNumber = e164;
    }
    if (tenant) {
      if (tenant.field in out && out[tenant.field] !== tenant.value) {
        throw new AppError('forbidden', 'The tenant field cannot be set', {
          retryable: false,
          details: { kind: 'forbidden' },
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
    const rec = await request<CrmRecord>('GET', `/${entity}/${encodeURIComponent(id)}`, { query: q });
    if (rec?.[tenant.field] !== tenant.value) throw notFound(id);
  }

  // Another tenant's record looks exactly like a missing one: nothing about it leaks.
  const notFound = (id: string) =>
    new AppError('not_found', `Record ${id} does not exist.`, {
      retryable: false,
      details: { kind: 'not_found' },
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
      await login(o.auth);
      const res = await request<ListResult>('GET', `/${entity}`, { query: params });
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
      await login(o.auth);
      const rec = await request<CrmRecord>('GET', `/${entity}/${encodeURIComponent(id)}`);
      if (tenant && rec?.[tenant.field] !== tenant.value) throw notFound(id);
      return rec;
    },
    async create(entity, data, opts = {}) {
      await login(o.auth);
      const body = prepare(data);
      try {
        const record = await request<CrmRecord>('POST', `/${entity}`, {
          body,
          headers: opts.skipDuplicateCheck ? { 'X-Skip-Duplicate-Check': 'true' } : {},
        });
        return { record, duplicate: false, duplicates: [] };
      } catch (e) {
        if (isAppError(e) && e.code === 'duplicate') {
          const all = (e.details?.records as CrmRecord[]) ?? [];
          // Shared mode: never hand back another tenant's record as "the existing one".
          const mine = tenant ? all.filter((r) => r[tenant.field] === tenant.value) : all;
          if (mine[0]) return { record: mine[0], duplicate: true, duplicates: mine };
          if (tenant) {
            const record = await request<CrmRecord>('POST', `/${entity}`, {
              body,
              headers: { 'X-Skip-Duplicate-Check': 'true' },
            });
            return { record, duplicate: false, duplicates: [] };
          }
        }
        throw e;
      }
    },
    async update(entity, id, data) {
      await login(o.auth);
      await assertOwned(entity, id);
      return request<CrmRecord>('PUT', `/${entity}/${encodeURIComponent(id)}`, { body: prepare(data) });
    },
    async delete(entity, id) {
      await login(o.auth);
      await assertOwned(entity, id);
      await request('DELETE', `/${entity}/${encodeURIComponent(id)}`);
    },
    async link(entity, id, link, foreignId) {
      await login(o.auth);
      await assertOwned(entity, id);
      await request('POST', `/${entity}/${encodeURIComponent(id)}/${encodeURIComponent(link)}`, {
        body: { id: foreignId },
      });
    },
    async currentUserId() {
      if (userId) return userId;
      const res = await request<{ user: { id: string }; token?: string }>('GET', '/App/user');
      if (o.auth.kind === 'basic' && res.token) tokens.set(o.auth.username, res.token);
      userId = res.user.id;
      return userId;
    },
    async fields(entity) {
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
    async createField(entity, def) {
      const bare = /^c[A-Z]/.test(def.name) ? def.name.charAt(1).toLowerCase() + def.name.slice(2) : def.name;
      const stored = `c${bare.charAt(0).toUpperCase()}${bare.slice(1)}`;
      await login(o.adminAuth ?? o.auth);
      try {
        await request('POST', `/Admin/fieldManager/${entity}`, { body: { ...def, name: bare }, admin: true });
        fieldsCache.delete(entity);
        return { name: stored, created: true };
      } catch (e) {
        if (isAppError(e) && e.code === 'conflict') return { name: stored, created: false };
        throw e;
      }
    },
    async addFieldToLayouts(entity, field, layouts = ['detail', 'list']) {
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
