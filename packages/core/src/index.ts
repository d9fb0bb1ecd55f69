/** @max/core public API: the only entry point adapters import. */
export * from './agent/index.ts';
export * from './auth/index.ts';
export * from './console/index.ts';
export * from './crm/index.ts';
export * from './greenapi/index.ts';
export * from './ingress/index.ts';
export * from './operate/index.ts';
export * from './queue/index.ts';
export * from './scheduler/index.ts';
export * from './secrets/index.ts';
export * from './shared/index.ts';
export * from './store/index.ts';
