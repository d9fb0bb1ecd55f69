import { listen, readBody, send, sleep } from '../http/server.ts';

export type ScriptStep =
  | { toolCalls: Array<{ name: string; arguments: Record<string, unknown> }> }
  | { content: string }
  | { status: number; body?: unknown }
  | { delayMs: number; then: ScriptStep };

export interface ChatRequest {
  model: string;
  messages: Array<{ role: string; content: string | null; [k: string]: unknown }>;
  tools?: Array<{ type: string; function: { name: string; description?: string; parameters?: unknown } }>;
  [k: string]: unknown;
}

export type Script = ScriptStep[] | ((req: ChatRequest, callIndex: number) => ScriptStep);

/** Deterministic prompt-size estimate: about 4 characters per token of the request's JSON. */
export const estimateTokens = (req: Pick<ChatRequest, 'messages' | 'tools'>) =>
  Math.ceil(JSON.stringify({ messages: req.messages, tools: req.tools ?? [] }).length / 4);

/**
 * An OpenAI-compatible endpoint that answers from a script: tool calls, text, errors or delays,
 * in the real chat.completion shape, so the `openai` SDK talks to it unchanged.
 */
export async function startOpenAiStandIn(opts: {
  port?: number;
  script: Script;
  apiKey?: string;
  transcribe?: (file: { bytes: Uint8Array; filename: string; mimeType: string }) => string;
}) {
  const requests: ChatRequest[] = [];
  let promptTokens = 0;
  let transcriptions = 0;
  let stepIndex = 0;

  const srv = await listen(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname.replace(/^\/v1/, '');
    if (opts.apiKey && req.headers.authorization !== `Bearer ${opts.apiKey}`) {
      return send(res, 401, {
        error: {
          message: 'Incorrect API key provided',
          type: 'invalid_request_error',
          code: 'invalid_api_key',
        },
      });
    }
    const raw = await readBody(req);
    if (req.method === 'POST' && path === '/chat/completions') {
      const body = JSON.parse(raw.toString('utf8')) as ChatRequest;
      const index = requests.length;
      requests.push(body);
      let step: ScriptStep | undefined =
        typeof opts.script === 'function' ? opts.script(body, index) : opts.script[stepIndex++];
      step ??= { content: 'OK' };
      while ('delayMs' in step) {
        await sleep(step.delayMs);
        step = step.then;
      }
      if ('status' in step)
        return send(
          res,
          step.status,
          step.body ?? { error: { message: 'scripted failure', type: 'server_error' } },
        );
      const tokens = estimateTokens(body);
      promptTokens += tokens;
      const toolCalls =
        'toolCalls' in step
          ? step.toolCalls.map((c, i) => ({
              id: `call_${index}_${i}`,
              type: 'function',
              function: { name: c.name, arguments: JSON.stringify(c.arguments) },
            }))
          : undefined;
      return send(res, 200, {
        id: `chatcmpl-${index}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: body.model,
        choices: [
          {
            index: 0,
            message: {
              role: 'assistant',
              content: 'content' in step ? step.content : null,
              ...(toolCalls ? { tool_calls: toolCalls } : {}),
              refusal: null,
            },
            finish_reason: toolCalls ? 'tool_calls' : 'stop',
            logprobs: null,
          },
        ],
        usage: { prompt_tokens: tokens, completion_tokens: 20, total_tokens: tokens + 20 },
      });
    }
    if (req.method === 'POST' && path === '/audio/transcriptions') {
      const form = await new Request('http://x', {
        method: 'POST',
        headers: { 'content-type': String(req.headers['content-type']) },
        body: new Uint8Array(raw),
      }).formData();
      const file = form.get('file');
      if (!(file instanceof Blob) || !form.get('model'))
        return send(res, 400, { error: { message: 'file and model are required' } });
      transcriptions++;
      const bytes = new Uint8Array(await file.arrayBuffer());
      const text =
        opts.transcribe?.({ bytes, filename: (file as File).name ?? 'audio', mimeType: file.type }) ?? '';
      return send(res, 200, { text });
    }
    return send(res, 404, { error: { message: `Unknown path ${path}` } });
  }, opts.port ?? 0);

  return {
    url: srv.url,
    stop: srv.stop,
    stats: () => ({
      calls: requests.length,
      promptTokens,
      lastRequest: requests.at(-1),
      requests: [...requests],
      transcriptions,
    }),
    reset() {
      requests.length = 0;
      promptTokens = 0;
      transcriptions = 0;
      stepIndex = 0;
    },
  };
}

export type OpenAiStandIn = Awaited<ReturnType<typeof startOpenAiStandIn>>;
