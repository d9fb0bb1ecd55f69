import type { ScriptedToolCall } from './script.ts';

export interface Completion {
  id: string;
  model: string;
  created: number;
  content: string | null;
  toolCalls: ScriptedToolCall[] | null;
  /** Unique per call: call ids must not repeat across a conversation. */
  callIndex: number;
  promptTokens: number;
}

const toolCallsJson = (c: Completion) =>
  c.toolCalls?.map((t, i) => ({
    id: `call_${c.callIndex}_${i}`,
    type: 'function' as const,
    function: { name: t.name, arguments: JSON.stringify(t.arguments) },
  }));

/** Same estimate as the prompt: ceil(characters / 4) of what the model produced, at least 1. */
export const completionTokens = (c: Completion): number =>
  Math.max(1, Math.ceil(((c.content ?? '').length + JSON.stringify(toolCallsJson(c) ?? []).length) / 4));

const usage = (c: Completion) => {
  const out = completionTokens(c);
  return {
    prompt_tokens: c.promptTokens,
    completion_tokens: out,
    total_tokens: c.promptTokens + out,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0 },
  };
};

const finishReason = (c: Completion) => (c.toolCalls?.length ? 'tool_calls' : 'stop');

/** A `chat.completion` object as OpenAI returns it. */
export function chatCompletion(c: Completion) {
  const toolCalls = toolCallsJson(c);
  return {
    id: c.id,
    object: 'chat.completion',
    created: c.created,
    model: c.model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: c.content,
          refusal: null,
          ...(toolCalls?.length ? { tool_calls: toolCalls } : {}),
        },
        logprobs: null,
        finish_reason: finishReason(c),
      },
    ],
    usage: usage(c),
    system_fingerprint: 'fp_sandbox',
  };
}

/** The same answer as `chat.completion.chunk` server-sent events, ending with [DONE]. */
export function chatCompletionChunks(c: Completion, includeUsage: boolean): string[] {
  const chunk = (
    delta: Record<string, unknown>,
    finish: string | null,
    extra: Record<string, unknown> = {},
  ) => ({
    id: c.id,
    object: 'chat.completion.chunk',
    created: c.created,
    model: c.model,
    system_fingerprint: 'fp_sandbox',
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    ...extra,
  });
  const events: unknown[] = [chunk({ role: 'assistant', content: c.content === null ? null : '' }, null)];
  if (c.content) events.push(chunk({ content: c.content }, null));
  toolCallsJson(c)?.forEach((t, index) => {
    events.push(
      chunk(
        {
          tool_calls: [{ index, id: t.id, type: t.type, function: { name: t.function.name, arguments: '' } }],
        },
        null,
      ),
    );
    events.push(chunk({ tool_calls: [{ index, function: { arguments: t.function.arguments } }] }, null));
  });
  events.push(chunk({}, finishReason(c)));
  if (includeUsage) events.push({ ...chunk({}, null), choices: [], usage: usage(c) });
  return [...events.map((e) => `data: ${JSON.stringify(e)}\n\n`), 'data: [DONE]\n\n'];
}

/** OpenAI's error body. */
export const openAiError = (
  message: string,
  type: string,
  code: string | null = null,
  param: string | null = null,
) => ({
  error: { message, type, param, code },
});
