export * from './green-api-client.ts';
