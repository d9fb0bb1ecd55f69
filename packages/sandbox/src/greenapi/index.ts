export * from './green-api-stand-in.ts';
export * from './webhooks.ts';
