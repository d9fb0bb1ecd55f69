import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type EvalCase, loadCorpus } from '../src/eval/corpus.ts';
import { acceptedDates } from '../src/eval/match.ts';
import type { AuditCall } from '../src/eval/observation.ts';
import { scoreCase } from '../src/eval/score.ts';
import { createLea, DUPONT, LEA, lead, leaRecord, NOTE, observe } from './eval-score-fixtures.ts';

/** The eval's scorer judges by MAX's calls too (their arguments, the record acted on); dates and the corpus. */
describe('eval scorer', async () => {
  it('a task made without the record it was for is a miss, not a wrong write (no other record was touched)', async () => {
    const task: EvalCase = {
      ...createLea,
      id: 'task-1',
      text: 'rappelle-moi de relancer Dupont jeudi',
      expect: { tool: 'create_task', args: { target: 'Dupont' } },
    };
    const v = await scoreCase(
      task,
      observe({
        reply: '📌 Tâche créée : « Relancer Dupont »',
        calls: [
          {
            tool: 'create_task',
            result: 'ok',
            targetEntity: null,
            targetId: null,
            argsDigest: null,
            outcome: { ok: true, kind: 'task', records: [], detail: { taskId: NOTE } },
          },
        ],
        changes: [{ entity: 'Task', id: NOTE, kind: 'created' }],
        records: [{ entity: 'Task', id: NOTE, attrs: { name: 'Relancer Dupont' } }],
      }),
    );
    expect(v).toEqual({ pass: false, wrongWrite: false, reasons: ['target: want "Dupont", got null'] });
  });

  it('a read is judged by its exact arguments (their digest in the audit row) or by what its reply shows', async () => {
    const find: EvalCase = {
      ...createLea,
      id: 'find-1',
      text: 'trouve le lead Roux',
      expect: { tool: 'find_leads', args: { query: 'Roux' } },
    };
    const ran = (digest: string | null): AuditCall => ({
      tool: 'find_leads',
      result: 'ok',
      targetEntity: null,
      targetId: null,
      argsDigest: digest,
      outcome: null,
    });
    const { argsDigest } = await import('@max/core');
    const exact = await argsDigest('find_leads', { query: 'Roux' });
    expect((await scoreCase(find, observe({ reply: 'Aucun lead trouvé.', calls: [ran(exact)] }))).pass).toBe(
      true,
    );
    const other = await argsDigest('find_leads', { query: 'Dupont' });
    expect(
      (await scoreCase(find, observe({ reply: 'Aucun lead trouvé.', calls: [ran(other)] }))).reasons,
    ).toEqual(['the reply does not mention query "Roux"']);
  });

  it('a record named as an object ({"name": …}) is checked against the record the call acted on', async () => {
    const note: EvalCase = {
      ...createLea,
      id: 'note-2',
      text: 'note pour Léa Roux : rappeler',
      expect: { tool: 'add_note', args: { target: { name: 'Léa Roux' } } },
    };
    const noted = (parent: string, name: string): AuditCall => ({
      tool: 'add_note',
      result: 'ok',
      targetEntity: 'Lead',
      targetId: parent,
      argsDigest: null,
      outcome: { ok: true, kind: 'noted', records: [{ id: parent, name }], detail: { noteId: NOTE } },
    });
    const base = { changes: [{ entity: 'Note', id: NOTE, kind: 'created' as const }] };
    const right = await scoreCase(
      note,
      observe({
        ...base,
        reply: '📝 Note ajoutée à Léa Roux',
        calls: [noted(LEA, 'Léa Roux')],
        records: [leaRecord],
      }),
    );
    expect(right.pass).toBe(true);
    const wrong = await scoreCase(
      note,
      observe({
        ...base,
        reply: '📝 Note ajoutée à Jean Dupont',
        calls: [noted(DUPONT, 'Jean Dupont')],
        records: [lead(DUPONT, { name: 'Jean Dupont' })],
      }),
    );
    expect(wrong).toMatchObject({ pass: false, wrongWrite: true });
  });

  it('dates: relative to the case’s today, the run’s day by offset or weekday is accepted', async () => {
    // Written on Monday 2026-03-02: "demain" = 03-03, "jeudi" = 03-05. Run on Friday 2026-03-13.
    expect(acceptedDates('2026-03-03', '2026-03-02', '2026-03-13')).toContain('2026-03-14');
    expect(acceptedDates('2026-03-05', '2026-03-02', '2026-03-13')).toContain('2026-03-19');
    expect(acceptedDates('2026-03-05', '2026-03-02', '2026-03-02')).toEqual(['2026-03-05']);
  });

  it('the corpus: JSON Lines with one expectation per case; a bad line names its file and line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'max-eval-'));
    writeFileSync(
      join(dir, 'a.jsonl'),
      `${JSON.stringify({ id: 'a-1', lang: 'fr', text: 'salut', expect: { write: false } })}\n\n// a comment\n`,
    );
    writeFileSync(
      join(dir, 'b.jsonl'),
      `${JSON.stringify({ id: 'b-1', lang: 'en', text: 'hi', expect: { ask: true } })}\n`,
    );
    expect(loadCorpus(dir, { root: dir }).map((c) => [c.id, c.role, c.source])).toEqual([
      ['a-1', 'member', 'a.jsonl:1'],
      ['b-1', 'member', 'b.jsonl:1'],
    ]);
    expect(loadCorpus(dir, { only: 'b-' }).map((c) => c.id)).toEqual(['b-1']);
    writeFileSync(
      join(dir, 'c.jsonl'),
      `${JSON.stringify({ id: 'c-1', lang: 'de', text: 'x', expect: { write: false } })}\n`,
    );
    expect(() => loadCorpus(dir, { root: dir })).toThrow(/^c\.jsonl:1: lang: /);
  });
});
