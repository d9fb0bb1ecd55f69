export * from './auth-admin.ts';
export * from './run-console.ts';
