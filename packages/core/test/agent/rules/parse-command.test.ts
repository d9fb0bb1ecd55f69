import { findTool, parseCommand } from '@max/core';
import { describe, expect, it } from 'vitest';
import { allPhrases, TODAY } from './phrases.ts';

describe('rules engine: recognised commands → the exact tool calls', () => {
  it('covers well over 60 phrases', () => {
    expect(allPhrases.length).toBeGreaterThanOrEqual(140);
    expect(new Set(allPhrases.map(([text]) => text)).size).toBe(allPhrases.length);
  });

  for (const [text, name, args] of allPhrases) {
    it(text, () => {
      const r = parseCommand(text, { today: TODAY, locale: 'fr' });
      expect(r.kind).toBe('calls');
      if (r.kind !== 'calls') return;
      expect(r.calls).toEqual([{ name, args }]);
    });
  }
});

describe('every call the rules make is one the agent accepts', () => {
  it('parses against the real tool schema, member access, no confirmation needed', () => {
    for (const [text] of allPhrases) {
      for (const locale of ['fr', 'en'] as const) {
        const r = parseCommand(text, { today: TODAY, locale });
        if (r.kind !== 'calls') throw new Error(`not understood: ${text}`);
        for (const call of r.calls) {
          const tool = findTool(call.name);
          expect(tool, call.name).toBeDefined();
          expect(tool!.access, call.name).toBe('member');
          expect(tool!.confirm, call.name).toBe(false);
          const parsed = tool!.parameters.safeParse(call.args);
          expect(parsed.success, `${text} → ${JSON.stringify(call.args)}`).toBe(true);
        }
      }
    }
  });

  it('the locale changes neither the calls nor anything but the fallback language', () => {
    for (const [text] of allPhrases) {
      const fr = parseCommand(text, { today: TODAY, locale: 'fr' });
      const en = parseCommand(text, { today: TODAY, locale: 'en' });
      expect(en.kind === 'calls' && en.calls).toEqual(fr.kind === 'calls' && fr.calls);
    }
  });

  it('resolves relative dates against the injected today, not the clock', () => {
    const a = parseCommand('tâche appeler Dupont demain', { today: '2024-02-28', locale: 'fr' });
    const b = parseCommand('tâche appeler Dupont demain', { today: '2024-12-31', locale: 'fr' });
    expect(a.kind === 'calls' && a.calls[0]!.args.dueDate).toBe('2024-02-29');
    expect(b.kind === 'calls' && b.calls[0]!.args.dueDate).toBe('2025-01-01');
  });
});
