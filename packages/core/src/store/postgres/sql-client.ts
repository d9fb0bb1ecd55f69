/**
 * The slice of postgres.js's API the store uses, declared structurally so core does not import
 * the driver: adapters pass their `postgres(url)` instance in.
 */
export type SqlValue = string | number | boolean | null | Date;
export type SqlRow = Record<string, unknown>;

export type SqlTag = (strings: TemplateStringsArray, ...values: SqlValue[]) => PromiseLike<readonly SqlRow[]>;

/** A connection or transaction: tagged-template queries plus raw SQL text. */
export interface SqlQuery extends SqlTag {
  unsafe(query: string, params?: SqlValue[]): PromiseLike<readonly SqlRow[]>;
}

export interface SqlClient extends SqlQuery {
  begin<T>(fn: (tx: SqlQuery) => Promise<T>): Promise<T>;
  end(options?: { timeout?: number }): Promise<void>;
}

export interface CountingSql {
  sql: SqlClient;
  /** Statements sent so far; a transaction counts its BEGIN and COMMIT/ROLLBACK too. */
  count(): number;
  reset(): void;
}

/** Wraps a client to count database round trips (the benchmark's "round trips per message"). */
export function countingSql(inner: SqlClient): CountingSql {
  let n = 0;
  const wrap = (q: SqlQuery): SqlQuery =>
    Object.assign(
      (strings: TemplateStringsArray, ...values: SqlValue[]) => {
        n++;
        return q(strings, ...values);
      },
      {
        unsafe: (query: string, params?: SqlValue[]) => {
          n++;
          return q.unsafe(query, params);
        },
      },
    );
  const sql: SqlClient = Object.assign(wrap(inner), {
    begin: <T>(fn: (tx: SqlQuery) => Promise<T>) => {
      n += 2;
      return inner.begin((tx) => fn(wrap(tx)));
    },
    end: (options?: { timeout?: number }) => inner.end(options),
  });
  return {
    sql,
    count: () => n,
    reset: () => {
      n = 0;
    },
  };
}
