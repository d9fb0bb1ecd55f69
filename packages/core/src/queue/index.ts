export * from './internal-auth.ts';
