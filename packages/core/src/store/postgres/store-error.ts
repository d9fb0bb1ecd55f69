import { AppError, isAppError } from '../../shared/errors.ts';

/** SQLSTATE raised by a fenced write whose attempt lost its lease (see the pipeline migration). */
const LEASE_LOST = 'MX001';

/** Driver errors → the error model: a fenced-out attempt, a refused statement, or a lost database. */
export function toStoreError(e: unknown, unitName: string): AppError {
  if (isAppError(e)) return e;
  const code = (e as { code?: unknown })?.code;
  if (code === LEASE_LOST)
    return new AppError('conflict', 'Another attempt holds this message', {
      retryable: false,
      details: { kind: 'lease_lost', unit: unitName },
    });
  // Only an error the server sent carries a severity: anything else (refused, reset, EPIPE, closed,
  // timed out) is the connection itself, whatever its code looks like.
  const fromServer = typeof (e as { severity?: unknown })?.severity === 'string';
  if (!fromServer || typeof code !== 'string')
    return new AppError('unavailable', 'Database unreachable', {
      retryable: true,
      cause: e,
      details: { unit: unitName },
    });
  // SQLSTATE classes 08 (connection), 53 (resources), 57 (operator intervention, e.g. shutdown),
  // 40 (serialization/deadlock): the same call may succeed later.
  if (/^(08|53|57|40)/.test(code))
    return new AppError('unavailable', 'Database unavailable', {
      retryable: true,
      cause: e,
      details: { unit: unitName },
    });
  return new AppError('internal', `Database refused ${unitName}`, {
    retryable: false,
    cause: e,
    details: { sqlstate: code },
  });
}
