import { createFaultLayer } from '../faults/fault-layer.ts';
import { listen, readBody, send, sleep } from '../http/server.ts';
import { type Completion, chatCompletion, chatCompletionChunks, openAiError } from './completion.ts';
import {
  type ChatRequest,
  chatRequestSchema,
  estimateTokens,
  type Script,
  type ScriptStep,
  toolSequenceError,
} from './script.ts';
import {
  handleTranscription,
  type Transcribe,
  type TranscriptionRecord,
  textAsAudio,
} from './transcription.ts';

export interface OpenAiStandInOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Steps consumed one per chat request, or a function of the request and its 0-based index. */
  script: Script;
  /** When set, requests whose `Authorization` is not `Bearer <apiKey>` get 401. */
  apiKey?: string;
  /** Default: the audio bytes read as UTF-8 text (see textAsAudio). */
  transcribe?: Transcribe;
}

export interface OpenAiStandInStats {
  /** Chat requests accepted (scripted failures included; 400s and 401s not). */
  calls: number;
  /** Sum of the prompt estimates of the answered calls (see estimateTokens). */
  promptTokens: number;
  completionTokens: number;
  lastRequest: ChatRequest | undefined;
  requests: ChatRequest[];
  transcriptions: number;
  transcriptionRequests: TranscriptionRecord[];
  /** Requests refused with 401. */
  unauthorized: number;
}

/**
 * An OpenAI-compatible endpoint on 127.0.0.1 that answers from a script: tool calls, text,
 * errors or delays, in the real chat.completion shape (JSON or stream), so the `openai` SDK
 * talks to it unchanged. Requests are validated like OpenAI does (400 in its error shape).
 * Serves `/v1/…` and the same paths without `/v1`.
 */
export async function startOpenAiStandIn(opts: OpenAiStandInOptions) {
  const requests: ChatRequest[] = [];
  const transcriptionRequests: TranscriptionRecord[] = [];
  let promptTokens = 0;
  let completionTokensTotal = 0;
  let unauthorized = 0;
  let stepIndex = 0;
  const transcribe = opts.transcribe ?? textAsAudio;

  async function nextStep(body: ChatRequest, index: number): Promise<ScriptStep> {
    if (typeof opts.script === 'function') return opts.script(body, index);
    const step = opts.script[stepIndex++];
    // Running out of script is a test bug: fail loudly rather than invent an answer.
    return (
      step ?? {
        status: 500,
        body: openAiError(`sandbox script exhausted: no step for call ${index}`, 'server_error'),
      }
    );
  }

  const faults = createFaultLayer({
    errorAnswer: (s) => ({
      body: openAiError('Injected fault', s === 429 ? 'rate_limit_error' : 'server_error'),
    }),
  });
  const srv = await listen(
    async (req, res) => {
      if (await faults.intercept(req, res)) return;
      const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname.replace(/^\/v1(?=\/)/, '');
      if (opts.apiKey && req.headers.authorization !== `Bearer ${opts.apiKey}`) {
        unauthorized++;
        return send(
          res,
          401,
          openAiError('Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key'),
        );
      }
      const raw = await readBody(req, 32 * 1024 * 1024);
      if (req.method === 'POST' && path === '/audio/transcriptions')
        return handleTranscription(req, res, raw, transcribe, (r) => transcriptionRequests.push(r));
      if (req.method !== 'POST' || path !== '/chat/completions')
        return send(
          res,
          404,
          openAiError(`Unknown request URL: ${req.method} ${path}`, 'invalid_request_error'),
        );

      let json: unknown;
      try {
        json = JSON.parse(raw.toString('utf8'));
      } catch {
        return send(
          res,
          400,
          openAiError('We could not parse the JSON body of your request.', 'invalid_request_error'),
        );
      }
      const parsed = chatRequestSchema.safeParse(json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return send(
          res,
          400,
          openAiError(
            `Invalid request: ${issue?.path.join('.')}: ${issue?.message}`,
            'invalid_request_error',
          ),
        );
      }
      const body = parsed.data;
      const sequence = toolSequenceError(body.messages);
      if (sequence) return send(res, 400, openAiError(sequence, 'invalid_request_error'));

      const index = requests.length;
      requests.push(body);
      let step = await nextStep(body, index);
      while ('delayMs' in step) {
        await sleep(step.delayMs);
        step = step.then;
      }
      if ('status' in step)
        return send(
          res,
          step.status,
          step.body ??
            openAiError(
              `scripted failure ${step.status}`,
              step.status === 429 ? 'rate_limit_error' : 'server_error',
            ),
          step.retryAfterMs === undefined ? {} : { 'retry-after-ms': String(step.retryAfterMs) },
        );
      const completion: Completion = {
        id: `chatcmpl-sandbox-${index}`,
        model: body.model,
        created: Math.floor(Date.now() / 1000),
        content: 'content' in step && step.content !== undefined ? step.content : null,
        toolCalls: 'toolCalls' in step ? step.toolCalls : null,
        callIndex: index,
        promptTokens: estimateTokens(body),
      };
      const answer = chatCompletion(completion);
      promptTokens += completion.promptTokens;
      completionTokensTotal += answer.usage.completion_tokens;
      if (!body.stream) return send(res, 200, answer);
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      for (const event of chatCompletionChunks(completion, body.stream_options?.include_usage === true))
        res.write(event);
      res.end();
    },
    opts.port ?? 0,
    { name: 'openai-stand-in' },
  );

  return {
    url: srv.url,
    port: srv.port,
    /** The base URL for the SDK's `baseURL`. */
    baseURL: `${srv.url}/v1`,
    stop: srv.stop,
    /** Fault rules, also at /sandbox/faults (see createFaultLayer). */
    faults,
    stats: (): OpenAiStandInStats => ({
      calls: requests.length,
      promptTokens,
      completionTokens: completionTokensTotal,
      lastRequest: requests.at(-1),
      requests: [...requests],
      transcriptions: transcriptionRequests.length,
      transcriptionRequests: [...transcriptionRequests],
      unauthorized,
    }),
    /** Zeroes the counters and restarts an array script from its first step. */
    reset(): void {
      requests.length = 0;
      transcriptionRequests.length = 0;
      promptTokens = 0;
      completionTokensTotal = 0;
      unauthorized = 0;
      stepIndex = 0;
    },
  };
}

export type OpenAiStandIn = Awaited<ReturnType<typeof startOpenAiStandIn>>;
