export * from './completion.ts';
export * from './openai-stand-in.ts';
export * from './script.ts';
export * from './transcription.ts';
