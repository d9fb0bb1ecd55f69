export * from './access-token.ts';
export * from './auth-stand-in.ts';
export * from './one-time-tokens.ts';
export * from './signing-key.ts';
export * from './users.ts';
