export * from '../phone.ts';
export * from './auth.ts';
export * from './espo-client.ts';
export { isRecordId } from './ids.ts';
export * from './state.ts';
export * from './where.ts';
