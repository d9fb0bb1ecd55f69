export * from './envelope.ts';
export * from './keyring.ts';
