import OpenAI, { toFile } from 'openai';
import type { FetchLike } from '../../shared/clock.ts';
import { AppError } from '../../shared/errors.ts';
import { oggOpusSeconds } from './audio-duration.ts';
import type { Transcriber } from './transcriber.ts';

export interface TranscriberOptions {
  apiKey: string;
  baseURL: string | null;
  model: string;
  fetch: FetchLike;
  timeoutMs?: number;
}

/** Voice notes → text through the OpenAI audio API (or any compatible endpoint). */
export function createOpenAiTranscriber(opts: TranscriberOptions): Transcriber {
  const client = new OpenAI({
    apiKey: opts.apiKey,
    ...(opts.baseURL ? { baseURL: opts.baseURL } : {}),
    fetch: opts.fetch as typeof fetch,
    timeout: opts.timeoutMs ?? 30_000,
    maxRetries: 2,
  });
  return {
    async transcribe(file, lang) {
      try {
        const name =
          file.fileName ?? `voice.${(file.mimeType ?? 'audio/ogg').split('/')[1]?.split(';')[0] ?? 'ogg'}`;
        const upload = await toFile(new Uint8Array(file.bytes), name, { type: file.mimeType ?? 'audio/ogg' });
        // whisper-1 says how long the audio was (verbose_json); newer models answer json only.
        const verbose = opts.model === 'whisper-1';
        const res = (await client.audio.transcriptions.create({
          file: upload,
          model: opts.model,
          language: lang,
          ...(verbose ? { response_format: 'verbose_json' as const } : {}),
        })) as { text: string; duration?: number };
        const seconds =
          oggOpusSeconds(file.bytes) ??
          (typeof res.duration === 'number' && res.duration > 0 ? res.duration : null);
        return { text: res.text, seconds };
      } catch (e) {
        throw new AppError('unavailable', 'transcription failed', { cause: e });
      }
    },
  };
}
