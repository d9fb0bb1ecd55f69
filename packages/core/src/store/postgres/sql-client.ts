/**
 * The slice of postgres.js's API the store uses, declared structurally so core does not import
 * the driver: adapters pass their `postgres(url)` instance in.
 */
export type SqlValue = string | number | boolean | null | Date;
export type SqlRow = Record<string, unknown>;

export type SqlTag = (strings: TemplateStringsArray, ...values: SqlValue[]) => PromiseLike<readonly SqlRow[]>;

export interface SqlClient extends SqlTag {
  begin<T>(fn: (tx: SqlTag) => Promise<T>): Promise<T>;
  end(options?: { timeout?: number }): Promise<void>;
}
