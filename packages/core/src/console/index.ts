export * from './run-console.ts';
