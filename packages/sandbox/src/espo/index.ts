export * from './espo-stand-in.ts';
