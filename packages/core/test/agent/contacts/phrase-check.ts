import { findTool, parseCommand } from '@max/core';
import { describe, expect, it } from 'vitest';

/** A phrase and the exact call the rules engine must make for it ("Today" is Monday 2026-11-23). */
export type Phrase = [text: string, tool: string, args: Record<string, unknown>];
export const TODAY = '2026-11-23';

/** Each phrase → its call, in either locale; the call parses with the tool's own schema. */
export function checkPhrases(title: string, phrases: Phrase[]) {
  describe(title, () => {
    for (const [text, name, args] of phrases) {
      it(text, () => {
        for (const locale of ['fr', 'en'] as const) {
          const r = parseCommand(text, { today: TODAY, locale });
          expect(r.kind, text).toBe('calls');
          if (r.kind !== 'calls') return;
          expect(r.calls).toEqual([{ name, args }]);
          const tool = findTool(name)!;
          expect(tool.access).toBe('member');
          expect(tool.confirm).toBe(false);
          expect(tool.parameters.safeParse(r.calls[0]!.args).success).toBe(true);
        }
      });
    }
  });
}

/** Messages the engine must leave alone (no call at all). */
export function checkUnknown(title: string, texts: string[]) {
  describe(title, () => {
    for (const text of texts)
      it(`"${text}" makes no call`, () => {
        expect(parseCommand(text, { today: TODAY, locale: 'fr' }).kind).toBe('unknown');
      });
  });
}
