export * from './agent-answer.ts';
export * from './batch-order.ts';
export * from './compact.ts';
export * from './internal-auth.ts';
export * from './jobs.ts';
export * from './message.ts';
export * from './request-id.ts';
