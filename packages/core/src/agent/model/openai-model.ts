import OpenAI from 'openai';
import type { FetchLike } from '../../shared/clock.ts';
import { AppError } from '../../shared/errors.ts';
import type { ChatModel, ModelMessage, ModelResponse } from './chat-model.ts';

export interface OpenAiModelOptions {
  apiKey: string;
  model: string;
  /** Any OpenAI-compatible endpoint (OpenAI, Azure, Ollama, vLLM…). */
  baseURL?: string | null;
  fetch: FetchLike;
  timeoutMs?: number;
  /** The SDK retries 429 and 5xx with exponential backoff and honours Retry-After. */
  maxRetries?: number;
}

export function createOpenAiModel(opts: OpenAiModelOptions): ChatModel {
  const client = new OpenAI({
    apiKey: opts.apiKey,
    ...(opts.baseURL ? { baseURL: opts.baseURL } : {}),
    fetch: opts.fetch as typeof fetch,
    timeout: opts.timeoutMs ?? 20_000,
    maxRetries: opts.maxRetries ?? 2,
  });
  return {
    async complete({ messages, tools }): Promise<ModelResponse> {
      try {
        const res = await client.chat.completions.create({
          model: opts.model,
          messages: messages as OpenAI.Chat.Completions.ChatCompletionMessageParam[],
          ...(tools.length
            ? { tools: tools as OpenAI.Chat.Completions.ChatCompletionTool[], tool_choice: 'auto' }
            : {}),
          temperature: 0,
        });
        const msg = res.choices[0]?.message;
        const toolCalls = (msg?.tool_calls ?? []).flatMap((c) =>
          c.type === 'function' ? [{ id: c.id, name: c.function.name, arguments: c.function.arguments }] : [],
        );
        return {
          content: msg?.content ?? null,
          toolCalls,
          promptTokens: res.usage?.prompt_tokens ?? 0,
          cachedTokens: res.usage?.prompt_tokens_details?.cached_tokens ?? 0,
          completionTokens: res.usage?.completion_tokens ?? 0,
        };
      } catch (e) {
        if (e instanceof OpenAI.APIError) {
          const retryable = e.status === undefined || e.status === 429 || e.status >= 500;
          throw new AppError(
            retryable ? 'unavailable' : 'upstream',
            `model call failed (${e.status ?? 'network'})`,
            {
              retryable,
              cause: e,
            },
          );
        }
        throw new AppError('unavailable', 'model call failed', { cause: e });
      }
    },
  };
}

export type { ModelMessage };
