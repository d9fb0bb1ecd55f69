export * from './http-fault-proxy.ts';
export * from './tcp-proxy.ts';
