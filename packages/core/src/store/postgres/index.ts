export { SESSION_TURNS_KEPT } from './commit-payload.ts';
export * from './postgres-store.ts';
export * from './sql-client.ts';
