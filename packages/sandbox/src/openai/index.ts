export * from './openai-stand-in.ts';
