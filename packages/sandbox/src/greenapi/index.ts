export * from './green-api-stand-in.ts';
export type * from './records.ts';
export * from './webhooks.ts';
