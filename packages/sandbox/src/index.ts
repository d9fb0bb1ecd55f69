/** Local stand-ins for what cannot run on this machine, plus the embedded database. */
export * from './alerts/index.ts';
export * from './auth/index.ts';
export * from './db/index.ts';
export * from './espo/index.ts';
export * from './faults/index.ts';
export * from './greenapi/index.ts';
export * from './imports/index.ts';
export * from './net/index.ts';
export * from './openai/index.ts';
