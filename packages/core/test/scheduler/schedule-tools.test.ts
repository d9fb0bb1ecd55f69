import { describe, expect, it } from 'vitest';
import { findTool, renderOutcomes, type ToolContext } from '../../src/index.ts';

/** The scheduler's tools outside WhatsApp (the web chat has no chat to remind): refused, nothing written. */
describe('the scheduler tools without a WhatsApp sender', () => {
  const ctx = { scheduler: null, role: 'admin' } as unknown as ToolContext;
  for (const [name, args] of [
    ['set_schedule', { what: 'reminders', on: false }],
    ['answer_reminder', { action: 'done' }],
  ] as const)
    it(`${name} refuses and says where to do it`, async () => {
      const tool = findTool(name)!;
      const outcome = await tool.run(ctx, tool.parameters.parse(args) as never);
      expect(outcome).toEqual({
        ok: false,
        kind: 'invalid',
        field: expect.any(String),
        reason: 'whatsapp_only',
      });
      expect(renderOutcomes([outcome], 'fr')).toMatch(/se règlent sur WhatsApp/);
    });
});
