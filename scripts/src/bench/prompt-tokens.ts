import type { ChatRequest } from '@max/sandbox';
import { countChatCompletionTokens } from 'gpt-tokenizer/model/gpt-4o-mini';

type CountedRequest = Parameters<NonNullable<typeof countChatCompletionTokens>>[0];
type ChatMessage = CountedRequest['messages'][number];
type FunctionDefinition = NonNullable<CountedRequest['functions']>[number];

/** What is counted of a chat request: its messages and the tools it offers. */
export interface PromptRequest {
  messages: ChatRequest['messages'];
  tools?: ReadonlyArray<{
    function: { name: string; description?: string; parameters?: Record<string, unknown> };
  }>;
}

/** How the bench counts prompt tokens (printed beside the figure and written to bench/results.json). */
export const PROMPT_TOKENS_METHOD =
  "o200k_base tokens (gpt-tokenizer, gpt-4o-mini's encoding) of each request the agent sent: messages with OpenAI's per-message overhead, tool calls as their name and JSON arguments, tool schemas as OpenAI renders function definitions";

/**
 * The prompt tokens of one chat request as gpt-4o-mini counts them (its o200k_base encoding, the
 * chat and function-definition overheads): tool results and tool calls are text the model reads.
 */
export function promptTokensOf(req: PromptRequest): number {
  const messages: ChatMessage[] = req.messages.map((m) => {
    const text = typeof m.content === 'string' ? m.content : m.content ? JSON.stringify(m.content) : '';
    const calls = (m.tool_calls ?? []).map((c) => `${c.function.name}(${c.function.arguments})`).join('\n');
    return {
      role: m.role === 'tool' ? 'function' : m.role,
      content: [text, calls].filter(Boolean).join('\n'),
    };
  });
  const functions = (req.tools ?? []).map(
    (t) =>
      ({
        name: t.function.name,
        ...(t.function.description ? { description: t.function.description } : {}),
        ...(t.function.parameters ? { parameters: t.function.parameters } : {}),
      }) as FunctionDefinition,
  );
  return countChatCompletionTokens?.({ messages, ...(functions.length ? { functions } : {}) }) ?? 0;
}
