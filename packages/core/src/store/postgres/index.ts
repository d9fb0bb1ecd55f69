export * from './postgres-store.ts';
export * from './sql-client.ts';
