import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type EvalCase, loadCorpus } from '../src/eval/corpus.ts';
import { acceptedDates } from '../src/eval/match.ts';
import type { AuditCall, CaseObservation, RecordView } from '../src/eval/observation.ts';
import { scoreCase } from '../src/eval/score.ts';

/** The eval's scorer: by the CRM's state and MAX's calls, never by the reply's wording alone. */
const LEA = 'a1b2c3d4e5f600001';
const DUPONT = 'a1b2c3d4e5f600002';
const NOTE = 'a1b2c3d4e5f600003';

const lead = (id: string, attrs: Record<string, unknown>): RecordView => ({
  entity: 'Lead',
  id,
  attrs: { id, ...attrs },
});
const observe = (
  o: Partial<Omit<CaseObservation, 'records'>> & { records?: RecordView[] },
): CaseObservation => ({
  reply: '',
  calls: [],
  changes: [],
  seeds: [],
  timeZone: 'Europe/Paris',
  runToday: '2026-03-02',
  ...o,
  records: new Map((o.records ?? []).map((r) => [`${r.entity}:${r.id}`, r])),
});
const createLea: EvalCase = {
  id: 'lead-create-fr-1',
  lang: 'fr',
  role: 'member',
  text: 'ajoute Léa Roux de la société Roux & Fils, lea@roux.fr',
  before: [],
  seed: [],
  expect: {
    tool: 'create_lead',
    args: { firstName: 'Lea', lastName: 'ROUX', accountName: 'Roux & Fils', emailAddress: 'lea@roux.fr' },
  },
  source: 'x:1',
};
const created = (attrs: Record<string, unknown>): AuditCall => ({
  tool: 'create_lead',
  result: 'ok',
  targetEntity: 'Lead',
  targetId: LEA,
  argsDigest: null,
  outcome: { ok: true, kind: 'created', entity: 'Lead', records: [{ id: LEA, name: 'Léa Roux', ...attrs }] },
});

describe('eval scorer', async () => {
  const leaRecord = lead(LEA, {
    name: 'Léa Roux',
    firstName: 'Léa',
    lastName: 'Roux',
    accountName: 'Roux & Fils',
    emailAddress: 'lea@roux.fr',
  });

  it('a case passes when the CRM holds the record with those values (accents and case aside) and the reply names it', async () => {
    const v = await scoreCase(
      createLea,
      observe({
        reply: '✅ Lead créé : Léa Roux (lea@roux.fr, Roux & Fils) [a1b2c3d4e5f600001]',
        calls: [created({})],
        changes: [{ entity: 'Lead', id: LEA, kind: 'created' }],
        records: [leaRecord],
      }),
    );
    expect(v).toEqual({ pass: true, wrongWrite: false, reasons: [] });
  });

  it('a case fails when the record lacks a value, even with a reply that claims it (the reply is not the evidence)', async () => {
    const v = await scoreCase(
      createLea,
      observe({
        reply: '✅ Lead créé : Léa Roux (lea@roux.fr, Roux & Fils)',
        calls: [created({})],
        changes: [{ entity: 'Lead', id: LEA, kind: 'created' }],
        records: [
          lead(LEA, { name: 'Léa Roux', firstName: 'Léa', lastName: 'Roux', emailAddress: 'lea@roux.fr' }),
        ],
      }),
    );
    expect(v.pass).toBe(false);
    expect(v.wrongWrite).toBe(false);
    expect(v.reasons).toEqual(['accountName: want "Roux & Fils", got null']);
  });

  it('a wrong write: the status of another lead was changed instead of creating one', async () => {
    const v = await scoreCase(
      createLea,
      observe({
        reply: '✅ Statut de Jean Dupont : New',
        calls: [
          {
            tool: 'change_status',
            result: 'ok',
            targetEntity: 'Lead',
            targetId: DUPONT,
            argsDigest: null,
            outcome: { ok: true, kind: 'status', records: [{ id: DUPONT, name: 'Jean Dupont' }] },
          },
        ],
        changes: [{ entity: 'Lead', id: DUPONT, kind: 'updated' }],
        records: [lead(DUPONT, { name: 'Jean Dupont', status: 'New' })],
      }),
    );
    expect(v.pass).toBe(false);
    expect(v.wrongWrite).toBe(true);
    expect(v.reasons[0]).toBe('wrote with change_status');
  });

  it('nothing to write: a question answered passes; any CRM change fails as a wrong write, even one no audit row names', async () => {
    const question: EvalCase = {
      ...createLea,
      id: 'neg-1',
      text: 'le statut du lead Dupont ?',
      expect: { write: false },
    };
    const read: AuditCall = {
      tool: 'find_leads',
      result: 'ok',
      targetEntity: 'Lead',
      targetId: DUPONT,
      argsDigest: null,
      outcome: null,
    };
    expect(
      (await scoreCase(question, observe({ reply: 'Jean Dupont — In Process', calls: [read] }))).pass,
    ).toBe(true);
    const silent = await scoreCase(
      question,
      observe({
        reply: 'Jean Dupont — In Process',
        calls: [read],
        changes: [{ entity: 'Lead', id: DUPONT, kind: 'updated' }],
      }),
    );
    expect(silent).toMatchObject({ pass: false, wrongWrite: true });
    const ask: EvalCase = { ...question, id: 'ask-1', expect: { ask: true } };
    expect((await scoreCase(ask, observe({ reply: 'Créer un lead Léa Roux ? oui / non' }))).pass).toBe(true);
    expect((await scoreCase(ask, observe({ reply: "Je n'ai pas compris." }))).reasons).toEqual([
      'asked no question',
    ]);
  });

  it('a note on the wrong lead is a wrong write; on the right one its text and parent are checked', async () => {
    const note: EvalCase = {
      ...createLea,
      id: 'note-1',
      text: 'note pour Dupont : rappeler jeudi',
      expect: { tool: 'add_note', args: { target: 'Dupont', text: 'rappeler jeudi' } },
    };
    const noted = (parent: string, name: string): AuditCall => ({
      tool: 'add_note',
      result: 'ok',
      targetEntity: 'Lead',
      targetId: parent,
      argsDigest: null,
      outcome: { ok: true, kind: 'noted', records: [{ id: parent, name }], detail: { noteId: NOTE } },
    });
    const noteRecord: RecordView = {
      entity: 'Note',
      id: NOTE,
      attrs: { post: 'rappeler jeudi', parentId: DUPONT },
    };
    const right = observe({
      reply: '📝 Note ajoutée à Jean Dupont',
      calls: [noted(DUPONT, 'Jean Dupont')],
      changes: [{ entity: 'Note', id: NOTE, kind: 'created' }],
      records: [lead(DUPONT, { name: 'Jean Dupont' }), noteRecord],
    });
    expect(await scoreCase(note, right)).toEqual({ pass: true, wrongWrite: false, reasons: [] });
    const wrong = observe({
      reply: '📝 Note ajoutée à Léa Roux',
      calls: [noted(LEA, 'Léa Roux')],
      changes: [{ entity: 'Note', id: NOTE, kind: 'created' }],
      records: [leaRecord, noteRecord],
    });
    expect(await scoreCase(note, wrong)).toMatchObject({ pass: false, wrongWrite: true });
  });

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
