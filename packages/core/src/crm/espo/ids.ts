import { AppError } from '../../shared/errors.ts';

/**
 * What EspoCRM issues as record ids (metadata app > recordId): 17 lowercase hex characters by
 * default, or a UUID v4 when an install sets `type: uuid4`. Anything else never reaches a URL: an id
 * such as `.`, `../x` or `%2e` would change the path EspoCRM routes (a "get" of `.` is a list).
 */
const RECORD_ID = /^(?:[0-9a-f]{17}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** Entity, link and layout names are identifiers: letters and digits, starting with a letter. */
const NAME = /^[A-Za-z][A-Za-z0-9]{0,99}$/;

export const isRecordId = (id: unknown): id is string => typeof id === 'string' && RECORD_ID.test(id);

/** A malformed id names no record: the caller sees "not found", exactly as for a missing one. */
export function assertRecordId(id: unknown): asserts id is string {
  if (!isRecordId(id))
    throw new AppError('not_found', 'Record not found', {
      retryable: false,
      details: { kind: 'not_found', reason: 'invalid_id', delivery: 'not_sent' },
    });
}

/** Names come from code, not users: a bad one is a programming error, refused before any request. */
export function assertName(what: 'entity' | 'link' | 'layout', name: unknown): asserts name is string {
  if (typeof name !== 'string' || !NAME.test(name))
    throw new AppError('bad_request', `Invalid CRM ${what} name`, {
      retryable: false,
      details: { kind: 'bad_request', field: what, delivery: 'not_sent' },
    });
}

/** A path with its record ids masked, for logs and error details. */
export const maskIds = (path: string): string =>
  path.replace(
    /\/(?:[0-9a-f]{17}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?=\/|$)/g,
    '/:id',
  );
