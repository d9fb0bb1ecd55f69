import { z } from 'zod';

export interface ScriptedToolCall {
  name: string;
  arguments: Record<string, unknown>;
}

/** What the scripted model does for one chat request. */
export type ScriptStep =
  | { toolCalls: ScriptedToolCall[]; content?: string }
  | { content: string }
  /** An HTTP error in OpenAI's error shape (or `body`); `retryAfterMs` sets retry-after-ms. */
  | { status: number; body?: unknown; retryAfterMs?: number }
  | { delayMs: number; then: ScriptStep };

const messageSchema = z.looseObject({
  role: z.enum(['system', 'developer', 'user', 'assistant', 'tool', 'function']),
  content: z.union([z.string(), z.array(z.unknown()), z.null()]).optional(),
  tool_calls: z
    .array(
      z.looseObject({
        id: z.string().min(1),
        type: z.literal('function'),
        function: z.looseObject({ name: z.string().min(1), arguments: z.string() }),
      }),
    )
    .optional(),
  tool_call_id: z.string().optional(),
});

const toolSchema = z.looseObject({
  type: z.literal('function'),
  function: z.looseObject({
    name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/),
    description: z.string().optional(),
    parameters: z.record(z.string(), z.unknown()).optional(),
  }),
});

export const chatRequestSchema = z.looseObject({
  model: z.string().min(1),
  messages: z.array(messageSchema).min(1),
  tools: z.array(toolSchema).optional(),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullish(),
});

export type ChatRequest = z.infer<typeof chatRequestSchema>;

export type ScriptFn = (req: ChatRequest, callIndex: number) => ScriptStep | Promise<ScriptStep>;
export type Script = ScriptStep[] | ScriptFn;

/**
 * Deterministic prompt-size estimate: ceil(characters / 4) of the JSON of messages and tools —
 * the usual "about 4 characters per token" rule, stable across runs so tests can compare it.
 */
export const estimateTokens = (req: Pick<ChatRequest, 'messages' | 'tools'>): number =>
  Math.ceil(JSON.stringify({ messages: req.messages, tools: req.tools ?? [] }).length / 4);

/**
 * The conversation rules OpenAI enforces (400 otherwise): every tool message answers a tool call
 * of the assistant message right before it, and every tool call gets its answer.
 */
export function toolSequenceError(messages: ChatRequest['messages']): string | null {
  let open: Set<string> | null = null;
  for (const [i, m] of messages.entries()) {
    if (m.role === 'tool') {
      if (!open || !m.tool_call_id || !open.has(m.tool_call_id))
        return `messages[${i}]: messages with role 'tool' must be a response to a preceding message with 'tool_calls'`;
      open.delete(m.tool_call_id);
      continue;
    }
    if (open && open.size > 0)
      return `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. Missing: ${[...open].join(', ')}`;
    open = m.role === 'assistant' && m.tool_calls?.length ? new Set(m.tool_calls.map((c) => c.id)) : null;
  }
  if (open && open.size > 0)
    return `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. Missing: ${[...open].join(', ')}`;
  return null;
}
