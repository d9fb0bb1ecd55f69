export * from './email.ts';
export * from './espo/index.ts';
export * from './locale/index.ts';
export { checkPhone, normalizePhone } from './phone.ts';
export type * from './port.ts';
