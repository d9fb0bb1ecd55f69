export * from './migrate.ts';
export * from './pglite-server.ts';
export * from './test-database.ts';
