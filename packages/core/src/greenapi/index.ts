export * from './client/index.ts';
export type * from './inbound.ts';
export * from './webhook/index.ts';
