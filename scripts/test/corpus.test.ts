/**
 * The paraphrase and negative corpora, played through the rules engine's entry point (no stack):
 * every negative writes nothing (or makes the right non-destructive call), and at least 95 % of the
 * paraphrases make exactly the expected call — the ones that do not are listed.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { findTool, parseCommand } from '@max/core';
import { describe, expect, it } from 'vitest';
import type { CorpusCase } from '../src/corpus/case.ts';
import { generateParaphrases, toJsonl } from '../src/corpus/generate.ts';
import { mismatch } from '../src/corpus/match.ts';

const dir = resolve(import.meta.dirname, '../../eval/corpus');
const load = (name: string): CorpusCase[] =>
  readFileSync(resolve(dir, name), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as CorpusCase);

const read = (c: CorpusCase) => parseCommand(c.text, { today: c.today ?? '2026-12-07', locale: c.lang });

describe('the paraphrase corpus', () => {
  const cases = load('paraphrases.jsonl');

  it('is the generator’s output (templates × word orders × slot forms × FR/EN, plus hand-written lines)', () => {
    expect(readFileSync(resolve(dir, 'paraphrases.jsonl'), 'utf8')).toBe(toJsonl(generateParaphrases()));
    expect(cases.length).toBeGreaterThanOrEqual(300);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
    expect(new Set(cases.map((c) => c.text)).size).toBeGreaterThan(cases.length * 0.95);
  });

  it('at least 95 % make exactly the expected call (the misses are listed)', () => {
    const misses: string[] = [];
    for (const c of cases) {
      if (!('tool' in c.expect)) continue;
      const r = read(c);
      const why = mismatch(c.expect, r.kind === 'calls' ? r.calls[0]! : null);
      if (why) misses.push(`${c.id} "${c.text}" → ${r.kind} (${why})`);
    }
    const score = 1 - misses.length / cases.length;
    console.log(
      `paraphrases: ${cases.length - misses.length}/${cases.length} (${(score * 100).toFixed(1)} %)`,
    );
    if (misses.length) console.log(misses.join('\n'));
    expect(score).toBeGreaterThanOrEqual(0.95);
  });

  it('no paraphrase is read as a different write', () => {
    const wrong: string[] = [];
    for (const c of cases) {
      const r = read(c);
      if (r.kind !== 'calls' || !('tool' in c.expect)) continue;
      const call = r.calls[0]!;
      if (call.name !== c.expect.tool && findTool(call.name)?.writes) wrong.push(`${c.id} → ${call.name}`);
    }
    expect(wrong).toEqual([]);
  });
});

describe('the negative corpus: phrasings that look like one command and mean another', () => {
  const cases = load('negatives.jsonl');

  it('has at least 50 lines', () => expect(cases.length).toBeGreaterThanOrEqual(50));

  for (const c of cases)
    it(`${c.id} "${c.text}" ${'tool' in c.expect ? `→ ${c.expect.tool}` : 'writes nothing'}`, () => {
      const r = read(c);
      if ('tool' in c.expect) {
        expect(mismatch(c.expect, r.kind === 'calls' ? r.calls[0]! : null)).toBeNull();
        return;
      }
      // Nothing written: a read, a question asked (a proposal waits for a yes), or no call at all.
      const writes = r.kind === 'calls' ? r.calls.filter((x) => findTool(x.name)?.writes) : [];
      expect(writes).toEqual([]);
    });
});

// The agency corpora are played whole by `npm run eval` (seeds, earlier messages, the CRM's state);
// here their commands are read by the rules engine alone, so a change that breaks one shows at once.
describe.each(['agency-day.jsonl', 'agency-week.jsonl'])(
  'the %s corpus, read by the rules engine',
  (name) => {
    const cases = readFileSync(resolve(dir, name), 'utf8')
      .split('\n')
      .filter((l) => l.trim() && !l.startsWith('//'))
      .map((l) => JSON.parse(l) as CorpusCase & { expect: { ask?: boolean } });

    // The questions ("ask") are the tools' (a meeting without a day, two leads of one name): played by the eval.
    it('no negative writes anything', () => {
      const wrong: string[] = [];
      for (const c of cases) {
        if ('tool' in c.expect || c.expect.ask) continue;
        const r = read(c);
        const writes = r.kind === 'calls' ? r.calls.filter((x) => findTool(x.name)?.writes) : [];
        if (writes.length) wrong.push(`${c.id} "${c.text}" → ${writes.map((w) => w.name).join(', ')}`);
      }
      expect(wrong).toEqual([]);
    });

    it('at least 90 % of the commands said on their own make exactly the expected call (the misses are listed)', () => {
      const alone = cases.filter((c) => 'tool' in c.expect && !c.before?.length);
      const misses: string[] = [];
      for (const c of alone) {
        if (!('tool' in c.expect)) continue;
        const r = read(c);
        const why = mismatch(c.expect, r.kind === 'calls' ? r.calls[0]! : null);
        if (why) misses.push(`${c.id} "${c.text}" → ${r.kind} (${why})`);
      }
      console.log(`${name}: ${alone.length - misses.length}/${alone.length} read alone`);
      if (misses.length) console.log(misses.join('\n'));
      expect(1 - misses.length / alone.length).toBeGreaterThanOrEqual(0.9);
    });
  },
);
