export * from './client/index.ts';
export type * from './inbound.ts';
export * from './last-incoming-to-webhook.ts';
export * from './stored-to-webhook.ts';
export * from './webhook/index.ts';
