import type { IncomingMessage, ServerResponse } from 'node:http';
import { send } from '../http/server.ts';
import { openAiError } from './completion.ts';

export interface AudioFile {
  bytes: Uint8Array;
  filename: string;
  mimeType: string;
}

export type Transcribe = (
  file: AudioFile,
  fields: { model: string; language?: string },
) => string | Promise<string>;

export interface TranscriptionRecord {
  model: string;
  filename: string;
  mimeType: string;
  size: number;
  language: string | null;
  responseFormat: string;
}

/** OpenAI's upload limit for audio. */
export const MAX_AUDIO_BYTES = 25 * 1024 * 1024;

/**
 * Without a `transcribe` option the "audio" is read as UTF-8 text: a test or the demo can send a
 * voice note whose bytes are the words it stands for.
 */
export const textAsAudio: Transcribe = (file) => new TextDecoder().decode(file.bytes).trim();

/** POST /audio/transcriptions: a multipart form with `file` and `model` (parsed by undici's parser). */
export async function handleTranscription(
  req: IncomingMessage,
  res: ServerResponse,
  raw: Buffer,
  transcribe: Transcribe,
  record: (r: TranscriptionRecord) => void,
): Promise<void> {
  const type = String(req.headers['content-type'] ?? '');
  if (!type.startsWith('multipart/form-data'))
    return send(res, 400, openAiError('Expected multipart/form-data', 'invalid_request_error'));
  if (raw.length > MAX_AUDIO_BYTES)
    return send(
      res,
      413,
      openAiError(`Maximum content size limit (${MAX_AUDIO_BYTES}) exceeded`, 'invalid_request_error'),
    );
  let form: FormData;
  try {
    form = await new Request('http://127.0.0.1/', {
      method: 'POST',
      headers: { 'content-type': type },
      body: new Uint8Array(raw),
    }).formData();
  } catch {
    return send(res, 400, openAiError('Could not parse multipart form', 'invalid_request_error'));
  }
  const file = form.get('file');
  const model = form.get('model');
  if (!(file instanceof Blob))
    return send(
      res,
      400,
      openAiError("Missing required parameter: 'file'", 'invalid_request_error', null, 'file'),
    );
  if (typeof model !== 'string' || !model)
    return send(
      res,
      400,
      openAiError("Missing required parameter: 'model'", 'invalid_request_error', null, 'model'),
    );
  const language = form.get('language');
  const responseFormat = String(form.get('response_format') ?? 'json');
  if (!['json', 'text', 'verbose_json'].includes(responseFormat))
    return send(
      res,
      400,
      openAiError(`Unsupported response_format ${responseFormat}`, 'invalid_request_error'),
    );
  const filename = file instanceof File ? file.name : 'audio';
  const bytes = new Uint8Array(await file.arrayBuffer());
  record({
    model,
    filename,
    mimeType: file.type,
    size: bytes.byteLength,
    language: typeof language === 'string' ? language : null,
    responseFormat,
  });
  const text = await transcribe(
    { bytes, filename, mimeType: file.type },
    { model, ...(typeof language === 'string' ? { language } : {}) },
  );
  if (responseFormat === 'text') {
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
    return void res.end(text);
  }
  if (responseFormat === 'verbose_json')
    return send(res, 200, {
      task: 'transcribe',
      language: language ?? 'unknown',
      duration: 0,
      text,
      segments: [],
    });
  return send(res, 200, { text });
}
