export * from './email.ts';
export * from './espo/index.ts';
export * from './locale/index.ts';
export type * from './port.ts';
