import { describe, expect, it } from 'vitest';
import { diff } from '../src/eval/case-crm.ts';
import type { EvalCase } from '../src/eval/corpus.ts';
import { impliedSeeds } from '../src/eval/implied-seeds.ts';
import { parseEvalArgs } from '../src/eval/options.ts';
import { seedValue } from '../src/eval/seed-values.ts';

type Rows = Record<string, [modifiedAt: string, createdAt: string]>;
const snap = (entities: Record<string, { total: number; rows: Rows }>) =>
  new Map(
    Object.entries(entities).map(([e, { total, rows }]) => [
      e,
      {
        total,
        rows: new Map(
          Object.entries(rows).map(([id, [modifiedAt, createdAt]]) => [id, { modifiedAt, createdAt }]),
        ),
      },
    ]),
  );

describe('eval parts', () => {
  it('the CRM before and after a message: a new record, a changed one, an older one changed, a removed one', () => {
    const before = snap({
      Lead: {
        total: 3,
        rows: {
          a: ['2026-03-02 10:00:00', '2026-03-01 09:00:00'],
          b: ['2026-03-02 10:00:01', '2026-03-02 10:00:01'],
          c: ['2026-03-02 09:00:00', '2026-03-02 09:00:00'],
        },
      },
    });
    const after = snap({
      Lead: {
        total: 3,
        rows: {
          a: ['2026-03-02 10:00:00', '2026-03-01 09:00:00'],
          b: ['2026-03-02 10:00:05', '2026-03-02 10:00:01'],
          n: ['2026-03-02 10:00:06', '2026-03-02 10:00:06'],
          old: ['2026-03-02 10:00:06', '2026-01-01 08:00:00'],
        },
      },
    });
    expect(diff(before, after)).toEqual([
      { entity: 'Lead', id: 'b', kind: 'updated' },
      { entity: 'Lead', id: 'n', kind: 'created' },
      { entity: 'Lead', id: 'old', kind: 'updated' },
    ]);
    const removed = snap({
      Lead: {
        total: 2,
        rows: {
          a: ['2026-03-02 10:00:00', '2026-03-01 09:00:00'],
          b: ['2026-03-02 10:00:01', '2026-03-02 10:00:01'],
        },
      },
    });
    expect(diff(before, removed)).toEqual([{ entity: 'Lead', id: 'c', kind: 'deleted' }]);
    expect(diff(before, before)).toEqual([]);
  });

  it('seed values relative to the run: a day, a local time as EspoCRM’s UTC, anything else as written', () => {
    expect(seedValue('@today', '2026-03-02', 'Europe/Paris')).toBe('2026-03-02');
    expect(seedValue('@today+30', '2026-03-02', 'Europe/Paris')).toBe('2026-04-01');
    expect(seedValue('@today-1', '2026-03-02', 'Europe/Paris')).toBe('2026-03-01');
    // Paris is UTC+1 in March, UTC+2 in July.
    expect(seedValue('@today+1 10:00', '2026-03-02', 'Europe/Paris')).toBe('2026-03-03 09:00:00');
    expect(seedValue('@today 10:00', '2026-07-01', 'Europe/Paris')).toBe('2026-07-01 08:00:00');
    expect(seedValue('@tomorrow', '2026-03-02', 'Europe/Paris')).toBe('@tomorrow');
    expect(seedValue(5, '2026-03-02', 'Europe/Paris')).toBe(5);
  });

  it('a case that says nothing of what exists gets the records its call names; an explicit seed or earlier messages say it all', () => {
    const c = (expect: EvalCase['expect'], more: Partial<EvalCase> = {}): EvalCase => ({
      id: 'x',
      lang: 'fr',
      role: 'member',
      text: 'x',
      before: [],
      seed: [],
      expect,
      source: 'x:1',
      ...more,
    });
    expect(
      impliedSeeds(c({ tool: 'add_note', args: { target: { name: 'Jean-Pierre Le Gall' }, text: 'x' } })),
    ).toEqual([{ entity: 'Lead', attrs: { firstName: 'Jean-Pierre', lastName: 'Le Gall' } }]);
    expect(impliedSeeds(c({ tool: 'log_call', args: { target: 'Acme', entity: 'Account' } }))).toEqual([
      { entity: 'Account', attrs: { name: 'Acme' } },
    ]);
    expect(
      impliedSeeds(
        c({ tool: 'link_records', args: { record: 'Paul Martin', to: { emailAddress: 'c@acme.fr' } } }),
      ),
    ).toEqual([
      { entity: 'Contact', attrs: { firstName: 'Paul', lastName: 'Martin' } },
      { entity: 'Account', attrs: { name: 'c@acme.fr', emailAddress: 'c@acme.fr' } },
    ]);
    expect(impliedSeeds(c({ tool: 'create_lead', args: { lastName: 'Roux' } }))).toEqual([]);
    expect(impliedSeeds(c({ write: false }))).toEqual([]);
    expect(impliedSeeds(c({ tool: 'add_note', args: { target: 'Roux' } }, { seedGiven: true }))).toEqual([]);
    expect(
      impliedSeeds(c({ tool: 'add_note', args: { target: 'Roux' } }, { before: ['crée le lead Roux'] })),
    ).toEqual([]);
  });

  it('options: defaults, each flag, and one clear error for a bad one', () => {
    expect(parseEvalArgs([])).toEqual({
      corpus: 'eval/corpus',
      only: null,
      min: 0.95,
      concurrency: 4,
      out: 'bench/eval.json',
    });
    expect(
      parseEvalArgs(['--corpus', 'x.jsonl', '--only=ad-lead', '--min', '0.9', '--concurrency', '2']),
    ).toMatchObject({
      corpus: 'x.jsonl',
      only: 'ad-lead',
      min: 0.9,
      concurrency: 2,
    });
    expect(() => parseEvalArgs(['--min', '95'])).toThrow('--min is a share between 0 and 1');
    expect(() => parseEvalArgs(['--only'])).toThrow('--only needs a value');
    expect(() => parseEvalArgs(['--fast'])).toThrow('unknown argument "--fast"');
  });
});
