import { createMemoryLogger, createPostgresStore, isAppError, type SqlClient } from '@max/core';
import { describe, expect, it } from 'vitest';

/** A driver whose every statement fails with `error` (what postgres.js throws), and counts reconnects. */
function failingDriver(error: unknown) {
  const q = Object.assign(() => Promise.reject(error), { unsafe: () => Promise.reject(error) });
  return Object.assign(q, {
    begin: () => Promise.reject(error),
    end: async () => {},
  }) as unknown as SqlClient;
}

const turn = { tenantId: 'alpha', messageId: '00000000-0000-4000-8000-000000000001', attempt: 1 };

describe('store errors: what a failed unit means for the pipeline', () => {
  const cases: Array<[string, unknown, string, boolean]> = [
    // The chaos suite saw postgres.js throw EPIPE under Deno when the database connection was cut: a
    // code of five capitals that is not an SQLSTATE. It is the connection, so retryable.
    [
      'EPIPE from the socket',
      Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }),
      'unavailable',
      true,
    ],
    ['ECONNRESET', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }), 'unavailable', true],
    [
      'CONNECTION_CLOSED',
      Object.assign(new Error('closed'), { code: 'CONNECTION_CLOSED' }),
      'unavailable',
      true,
    ],
    [
      'an admin shutdown (57P01)',
      Object.assign(new Error('terminating'), { code: '57P01', severity: 'FATAL' }),
      'unavailable',
      true,
    ],
    [
      'a constraint violation (23505)',
      Object.assign(new Error('dup'), { code: '23505', severity: 'ERROR' }),
      'internal',
      false,
    ],
    [
      'a fenced-out attempt (MX001)',
      Object.assign(new Error('lease lost'), { code: 'MX001', severity: 'ERROR' }),
      'conflict',
      false,
    ],
  ];
  for (const [name, error, code, retryable] of cases)
    it(`${name} → ${code}${retryable ? ', retryable' : ''}`, async () => {
      const store = createPostgresStore({ sql: failingDriver(error), logger: createMemoryLogger() });
      const e = await store.heartbeat(turn, 1000).catch((x: unknown) => x);
      expect(isAppError(e) && { code: e.code, retryable: e.retryable }).toEqual({ code, retryable });
    });

  it('a client that lost its connection is replaced before the next unit (postgres.js can hang a query issued right after)', async () => {
    let opened = 0;
    const reconnect = () => {
      opened++;
      return failingDriver(Object.assign(new Error('reset'), { code: 'ECONNRESET' }));
    };
    const store = createPostgresStore({ sql: reconnect(), reconnect, logger: createMemoryLogger() });
    await store.heartbeat(turn, 1000).catch(() => undefined);
    await store.heartbeat(turn, 1000).catch(() => undefined);
    expect(opened).toBe(3);
  });

  it('a unit that never answers fails as unavailable after its timeout instead of hanging the agent', async () => {
    const hung = Object.assign(() => new Promise(() => {}), { unsafe: () => new Promise(() => {}) });
    const sql = Object.assign(hung, {
      begin: () => new Promise(() => {}),
      end: async () => {},
    }) as unknown as SqlClient;
    const store = createPostgresStore({ sql, logger: createMemoryLogger(), unitTimeoutMs: 50 });
    const e = await store.ping().catch((x: unknown) => x);
    expect(isAppError(e) && e.code).toBe('unavailable');
  });
});
