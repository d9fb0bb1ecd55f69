export * from './credentials.ts';
export * from './normalize.ts';
export * from './parse.ts';
export * from './schemas.ts';
export * from './token.ts';
