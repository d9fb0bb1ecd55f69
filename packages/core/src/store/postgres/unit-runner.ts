import { AppError } from '../../shared/errors.ts';
import type { Logger } from '../../shared/logger.ts';
import { countingSql, type SqlClient } from './sql-client.ts';
import { toStoreError } from './store-error.ts';

export interface UnitRunnerOptions {
  sql: SqlClient;
  logger: Logger;
  /** See PostgresStoreOptions.reconnect. */
  reconnect?: () => SqlClient;
}

/**
 * The store's one way to reach the database: every unit is counted, bounded in time, and a lost
 * connection swaps the client for a fresh one (when the adapter can open one).
 */
export function createUnitRunner(opts: UnitRunnerOptions) {
  let counted = 0;
  let client = opts.sql;
  let counter = countingSql(client);
  const perUnit: Record<string, number> = {};

  /** Drops a client that lost its connection for a fresh one (only when the adapter can open one). */
  function replaceClient(reason: string) {
    if (!opts.reconnect) return;
    const old = client;
    counted += counter.count();
    client = opts.reconnect();
    counter = countingSql(client);
    opts.logger.warn('store.reconnect', { reason });
    void old.end({ timeout: 0 }).catch(() => undefined);
  }

  /** Runs on the current client: counted, bounded in time, driver failures turned into typed errors. */
  async function bounded<T>(
    name: string,
    run: (sql: SqlClient) => PromiseLike<T>,
    limitMs: number,
  ): Promise<T> {
    perUnit[name] = (perUnit[name] ?? 0) + 1;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new AppError('unavailable', 'Database did not answer', {
              retryable: true,
              details: { unit: name, timeoutMs: limitMs },
            }),
          ),
        limitMs,
      );
    });
    try {
      return await Promise.race([run(counter.sql), expired]);
    } catch (e) {
      const err = toStoreError(e, name);
      if (err.code === 'unavailable') replaceClient(err.message);
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    bounded,
    roundTrips: () => counted + counter.count(),
    roundTripsByUnit: () => ({ ...perUnit }),
    close: () => client.end({ timeout: 2 }),
  };
}
