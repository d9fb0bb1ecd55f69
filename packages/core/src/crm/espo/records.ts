import { isAppError } from '../../shared/errors.ts';
import type { CrmClient, CrmRecord, ListQuery, ListResult } from '../port.ts';
import { ESPO_MAX_PAGE, type EspoScope } from './client-scope.ts';
import { assertName, assertRecordId } from './ids.ts';
import { appendWhere } from './where.ts';

type RecordCalls = Pick<
  CrmClient,
  'list' | 'listAll' | 'get' | 'create' | 'update' | 'delete' | 'link' | 'unlink'
>;

/** Records: list (tenant-scoped), read, create (duplicate-aware), update, delete, link and unlink. */
export function recordCalls(s: EspoScope): RecordCalls {
  const { o, tenant, request, login } = s;

  /** Link or unlink: both records must be the tenant's, the relation's name and ids safe. */
  async function relate(
    method: 'POST' | 'DELETE',
    entity: string,
    id: string,
    link: string,
    foreignId: string,
    foreignEntity?: string,
  ): Promise<void> {
    const path = s.recordPath(entity, id);
    assertName('link', link);
    assertRecordId(foreignId);
    await login(o.auth);
    await s.assertOwned(entity, id);
    if (foreignEntity) await s.assertOwned(foreignEntity, foreignId);
    await request(method, `${path}/${link}`, { body: { id: foreignId } });
  }

  const calls: RecordCalls = {
    async list(entity, q: ListQuery = {}): Promise<ListResult> {
      const params = new URLSearchParams();
      const w = s.scoped(q.where);
      if (w?.length) appendWhere(params, w);
      if (q.select?.length)
        params.set('select', [...new Set([...q.select, ...(tenant ? [tenant.field] : [])])].join(','));
      if (q.orderBy) params.set('orderBy', q.orderBy);
      if (q.order) params.set('order', q.order);
      params.set('maxSize', String(Math.min(Math.max(q.maxSize ?? 20, 1), ESPO_MAX_PAGE)));
      if (q.offset) params.set('offset', String(q.offset));
      if (q.textFilter) params.set('textFilter', q.textFilter);
      const path = s.entityPath(entity);
      await login(o.auth);
      const res = await request<ListResult>('GET', path, { query: params, expect: 'list' });
      const list = tenant ? res.list.filter((r) => r[tenant.field] === tenant.value) : res.list;
      return { total: res.total, list };
    },
    async listAll(entity, q = {}, limit = 1000) {
      const out: CrmRecord[] = [];
      for (let offset = 0; out.length < limit; offset += ESPO_MAX_PAGE) {
        const page = await calls.list(entity, {
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
      const path = s.recordPath(entity, id);
      await login(o.auth);
      const rec = await request<CrmRecord>('GET', path, { expect: 'record' });
      if (tenant && rec?.[tenant.field] !== tenant.value) throw s.notFound(id);
      return rec;
    },
    async create(entity, data, opts = {}) {
      const path = s.entityPath(entity);
      const body = s.prepare(data);
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
      const path = s.recordPath(entity, id);
      const body = s.prepare(data);
      await login(o.auth);
      await s.assertOwned(entity, id);
      return request<CrmRecord>('PUT', path, { body, expect: 'record' });
    },
    async delete(entity, id) {
      const path = s.recordPath(entity, id);
      await login(o.auth);
      await s.assertOwned(entity, id);
      await request('DELETE', path);
    },
    link: (entity, id, link, foreignId, foreignEntity) =>
      relate('POST', entity, id, link, foreignId, foreignEntity),
    unlink: (entity, id, link, foreignId, foreignEntity) =>
      relate('DELETE', entity, id, link, foreignId, foreignEntity),
  };
  return calls;
}
