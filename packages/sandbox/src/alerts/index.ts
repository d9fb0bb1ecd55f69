export * from './alert-hook.ts';
