export * from './internal-auth.ts';
export * from './message.ts';
