export * from '../phone.ts';
export * from './auth.ts';
export * from './espo-client.ts';
export * from './where.ts';
