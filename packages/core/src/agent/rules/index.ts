export * from './dates.ts';
export * from './language.ts';
export * from './parse-command.ts';
export type * from './types.ts';
