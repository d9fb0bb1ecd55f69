export * from './function-schemas.ts';
export * from './migrate.ts';
export * from './pglite-server.ts';
export * from './pglite-template.ts';
export * from './privileges.ts';
export * from './seed-demo.ts';
export * from './test-database.ts';
