export * from './forward-decision.ts';
export * from './ingest-webhook.ts';
