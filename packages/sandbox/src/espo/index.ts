export type { EspoUser } from './auth.ts';
export { espoFaultAnswer } from './errors.ts';
export * from './espo-stand-in.ts';
export { webhookSignature } from './webhooks.ts';
