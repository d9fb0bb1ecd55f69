export * from './download.ts';
export * from './green-api-client.ts';
export { QUOTA_EXHAUSTED } from './http-call.ts';
export * from './message-text.ts';
export * from './schemas.ts';
