/** The model port: one chat-completions call with tools. */
export interface ModelToolCall {
  id: string;
  name: string;
  /** Raw JSON text as the model produced it; parsed with the tool's zod schema. */
  arguments: string;
}

export interface ModelMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string | null;
  tool_calls?: Array<{ id: string; type: 'function'; function: { name: string; arguments: string } }>;
  tool_call_id?: string;
}

export interface ModelResponse {
  content: string | null;
  toolCalls: ModelToolCall[];
  promptTokens: number;
  cachedTokens: number;
  /** Absent when the endpoint does not say. */
  completionTokens?: number;
}

export interface ChatModel {
  complete(input: { messages: ModelMessage[]; tools: unknown[] }): Promise<ModelResponse>;
}
