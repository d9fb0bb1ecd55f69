export type * from './inbound.ts';
