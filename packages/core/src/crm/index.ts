export type * from './port.ts';
export * from './espo/index.ts';
