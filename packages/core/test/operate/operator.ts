import { createOperatorKey, OPERATOR_SCOPES, type OperatorScope } from '@max/core';
import type { Harness } from '../agent/pipeline/harness.ts';

/** An operator key made as `npm run tenant -- operator-key create` makes it (every scope by default). */
export async function operatorKey(
  h: Harness,
  scopes: readonly OperatorScope[] = OPERATOR_SCOPES,
  tenantIds: string[] | null = null,
): Promise<string> {
  return (
    await createOperatorKey(h.db.admin, {
      name: 'test',
      scopes: [...scopes],
      tenantIds,
      createdBy: 'cli:test',
    })
  ).key;
}
