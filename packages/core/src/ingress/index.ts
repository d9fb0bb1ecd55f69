export * from './forward-decision.ts';
export * from './ingest-webhook.ts';
export * from './token-check.ts';
