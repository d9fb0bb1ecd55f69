export type * from './port.ts';
export * from './postgres/index.ts';
export type * from './types.ts';
