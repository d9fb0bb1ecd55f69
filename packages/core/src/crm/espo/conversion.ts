import { AppError, isAppError } from '../../shared/errors.ts';
import type { CrmClient, CrmRecord } from '../port.ts';
import type { EspoScope } from './client-scope.ts';
import { assertRecordId } from './ids.ts';

type ConversionCalls = Pick<CrmClient, 'convertLead' | 'convertAttributes'>;

/** Lead conversion: the values EspoCRM proposes, and the conversion itself (tenant-safe). */
export function conversionCalls(s: EspoScope): ConversionCalls {
  const { o, tenant, request, login } = s;
  return {
    async convertLead(id, records, opts = {}) {
      assertRecordId(id);
      const body: Record<string, unknown> = {};
      for (const [entity, values] of Object.entries(records)) if (values) body[entity] = s.prepare(values);
      await login(o.auth);
      await s.assertOwned('Lead', id);
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
      await s.assertOwned('Lead', id);
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
  };
}
