export * from './postgres-store.ts';
export type * from './sql-client.ts';
