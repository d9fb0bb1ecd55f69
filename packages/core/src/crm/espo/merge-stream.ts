import { AppError } from '../../shared/errors.ts';
import type { CrmClient, CrmRecord, ListResult } from '../port.ts';
import { ESPO_MAX_PAGE, type EspoScope } from './client-scope.ts';
import { assertRecordId } from './ids.ts';

type MergeStreamCalls = Pick<CrmClient, 'merge' | 'stream'>;

/** A record's history: merging duplicates into one, and reading its stream (notes, changes). */
export function mergeStreamCalls(s: EspoScope): MergeStreamCalls {
  const { o, request, login } = s;
  return {
    async merge(entity, targetId, sourceIds, attributes = {}) {
      s.recordPath(entity, targetId);
      const sources = [...new Set(sourceIds)];
      for (const id of sources) assertRecordId(id);
      if (!sources.length || sources.includes(targetId))
        throw new AppError('bad_request', 'Merge needs sources other than the target', {
          retryable: false,
          details: { kind: 'bad_request', field: 'sourceIds', delivery: 'not_sent' },
        });
      await login(o.auth);
      // Shared mode: every record involved must be the tenant's, and the target keeps its tenant value.
      for (const id of [targetId, ...sources]) await s.assertOwned(entity, id);
      // 8.4 has no `{Entity}/action/merge` route: merge is one of the generic actions.
      return request<CrmRecord>('POST', '/Action', {
        body: {
          entityType: entity,
          action: 'merge',
          id: targetId,
          data: { sourceIdList: sources, attributes: s.prepare(attributes) },
        },
      });
    },
    async stream(entity, id, q = {}) {
      const path = `${s.recordPath(entity, id)}/stream`;
      await login(o.auth);
      // Shared mode: the stream of another tenant's record is as missing as the record.
      await s.assertOwned(entity, id);
      const params = new URLSearchParams({
        maxSize: String(Math.min(Math.max(q.maxSize ?? 20, 1), ESPO_MAX_PAGE)),
      });
      if (q.offset) params.set('offset', String(q.offset));
      const res = await request<ListResult>('GET', path, { query: params, expect: 'list' });
      return { total: res.total, list: res.list };
    },
  };
}
