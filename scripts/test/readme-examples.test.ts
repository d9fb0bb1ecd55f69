/**
 * Every example in the README's "What you can say to MAX" table is understood by the rules engine,
 * in its language: a call (or, for help and greetings, the answer to small talk), never "not
 * understood", never a proposal that waits for a yes.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseCommand } from '@max/core';
import { describe, expect, it } from 'vitest';

const readme = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8');
const section = readme.slice(
  readme.indexOf('## What you can say to MAX'),
  readme.indexOf('### How phrasing works'),
);
const rows = section
  .split('\n')
  .filter((l) => l.startsWith('| ') && !l.startsWith('| family') && !l.startsWith('| ---'));
const examples = rows.flatMap((row) => {
  const [, fr, en] = row.split(' | ');
  return [
    ...[...(fr ?? '').matchAll(/`([^`]+)`/g)].map((m) => ({ text: m[1]!, lang: 'fr' as const })),
    ...[...(en ?? '').matchAll(/`([^`]+)`/g)].map((m) => ({ text: m[1]!, lang: 'en' as const })),
  ];
});

describe("the README's examples", () => {
  it('are there (one or more per family)', () => {
    expect(rows.length).toBeGreaterThanOrEqual(30);
    expect(examples.length).toBeGreaterThanOrEqual(55);
  });

  // "oui"/"non", "STOP"/"START" are answered by the pipeline before any reading (pipeline/intents.ts).
  const pipelineWords = /^(?:oui|non|yes|no|STOP|START|arrêt|reprendre)$/;
  for (const { text, lang } of examples.filter((e) => !pipelineWords.test(e.text)))
    it(`"${text}" is understood`, () => {
      const r = parseCommand(text, { today: '2026-12-07', locale: lang === 'fr' ? 'en' : 'fr' });
      expect(['calls', 'smalltalk'], `${text} → ${r.kind}`).toContain(r.kind);
      expect(r.language).toBe(lang);
    });
});
