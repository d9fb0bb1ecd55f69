import { describe, expect, it } from 'vitest';
import type { EvalCase } from '../src/eval/corpus.ts';
import type { AuditCall, RecordView } from '../src/eval/observation.ts';
import { scoreCase } from '../src/eval/score.ts';
import { created, createLea, DUPONT, LEA, lead, leaRecord, NOTE, observe } from './eval-score-fixtures.ts';

/** The eval's scorer judges by the CRM's state, never by the reply's wording alone: passes, misses, wrong writes. */
describe('eval scorer', async () => {
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
});
