import { describe, expect, it } from 'vitest';
import { promptTokensOf } from '../src/bench/prompt-tokens.ts';

describe("the bench's prompt token count", () => {
  it('counts o200k_base tokens, not characters: the same length of text gives different counts', () => {
    const words = promptTokensOf({ messages: [{ role: 'user', content: 'hello '.repeat(40) }] });
    const noise = promptTokensOf({ messages: [{ role: 'user', content: 'x7#Q'.repeat(60) }] });
    expect('hello '.repeat(40).length).toBe('x7#Q'.repeat(60).length);
    expect(words).toBeLessThan(60);
    expect(noise).toBeGreaterThan(words * 1.5);
  });

  it('adds the tools offered, and the tool calls and results the model reads', () => {
    const base = { messages: [{ role: 'user' as const, content: 'crée le lead Marie' }] };
    const tool = {
      function: {
        name: 'create_lead',
        description: 'Create a lead',
        parameters: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
      },
    };
    const withTools = promptTokensOf({ ...base, tools: [tool] });
    expect(withTools).toBeGreaterThan(promptTokensOf(base) + 5);
    const withCall = promptTokensOf({
      messages: [
        ...base.messages,
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'c1', type: 'function', function: { name: 'create_lead', arguments: '{"name":"Marie"}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'c1', content: '{"ok":true,"id":"abc"}' },
      ],
    });
    expect(withCall).toBeGreaterThan(promptTokensOf(base) + 10);
  });
});
