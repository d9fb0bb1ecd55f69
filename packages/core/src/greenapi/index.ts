export type * from './inbound.ts';
export * from './client/index.ts';
export * from './webhook/index.ts';
