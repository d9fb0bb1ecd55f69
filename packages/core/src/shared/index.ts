export * from './clock.ts';
export * from './crypto.ts';
export * from './errors.ts';
export * from './json-depth.ts';
export * from './logger.ts';
export * from './public-url.ts';
export * from './read-capped.ts';
export * from './retry.ts';
