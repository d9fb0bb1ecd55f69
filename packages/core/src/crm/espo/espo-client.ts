import type { CrmClient } from '../port.ts';
import { adminCalls } from './admin.ts';
import { createEspoScope, type EspoClientOptions } from './client-scope.ts';
import { conversionCalls } from './conversion.ts';
import { mergeStreamCalls } from './merge-stream.ts';
import { metadataCalls } from './metadata.ts';
import { recordCalls } from './records.ts';
import { settingsCalls } from './settings.ts';

export { insertField } from './admin.ts';
export { ESPO_MAX_PAGE, type EspoClientOptions } from './client-scope.ts';

/**
 * The EspoCRM client: one scope (transport, tenant, safe paths) shared by the families of calls —
 * records, conversion, merge and stream, metadata, settings, and the administrator's calls.
 */
export function createEspoClient(o: EspoClientOptions): CrmClient {
  const scope = createEspoScope(o);
  const metadata = metadataCalls(scope);
  return {
    ...recordCalls(scope),
    ...conversionCalls(scope),
    ...settingsCalls({
      transport: scope.transport,
      auth: o.auth,
      adminAuth: o.adminAuth,
      shared: scope.tenant !== null,
      state: scope.state,
      clock: o.clock,
      ttlMs: scope.fieldsTtl,
    }),
    ...mergeStreamCalls(scope),
    ...metadata,
    ...adminCalls(scope, metadata.fields),
  };
}
