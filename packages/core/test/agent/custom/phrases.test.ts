import { findTool, MAX_COMMAND_LENGTH, parseCommand } from '@max/core';
import { describe, expect, it } from 'vitest';
import { fastest } from '../rules/timing.ts';

/** Issue 14 §5: the rules engine's common phrasings for DiagnosticIA, MissionMAX and fields by label. Today is Monday 2026-11-23. */
const TODAY = '2026-11-23';
type Phrase = [text: string, tool: string, args: Record<string, unknown>];

const customPhrases: Phrase[] = [
  // MissionMAX
  [
    'crée une mission MAX pour Boulangerie Dupont, budget 1500 €',
    'create_custom_record',
    { entity: 'MissionMAX', for: { name: 'Boulangerie Dupont' }, fields: { budget: '1500 €' } },
  ],
  [
    'nouvelle mission MAX pour le compte Acme, budget 2000 USD, du 01/01/2027 au 31/03/2027',
    'create_custom_record',
    {
      entity: 'MissionMAX',
      for: { name: 'Acme' },
      owner: 'Account',
      fields: { budget: '2000 USD', startDate: '2027-01-01', endDate: '2027-03-31' },
    },
  ],
  [
    'create a MAX mission for Acme with budget $3000',
    'create_custom_record',
    { entity: 'MissionMAX', for: { name: 'Acme' }, fields: { budget: '$3000' } },
  ],
  [
    'crée une mission pour le lead Marie Dupont',
    'create_custom_record',
    { entity: 'MissionMAX', for: { name: 'Marie Dupont' }, owner: 'Lead' },
  ],
  [
    'missions MAX de Boulangerie Dupont',
    'find_custom_records',
    { entity: 'MissionMAX', for: { name: 'Boulangerie Dupont' } },
  ],
  ['liste les missions en cours', 'find_custom_records', { entity: 'MissionMAX', status: 'In Progress' }],
  ['show MAX missions for Acme', 'find_custom_records', { entity: 'MissionMAX', for: { name: 'Acme' } }],
  ['show the done MAX missions', 'find_custom_records', { entity: 'MissionMAX', status: 'Done' }],
  [
    'passe la mission de Dupont en cours',
    'update_record',
    { entity: 'MissionMAX', target: { name: 'Dupont' }, changes: { status: 'In Progress' } },
  ],
  [
    'mark the mission Acme as done',
    'update_record',
    { entity: 'MissionMAX', target: { name: 'Acme' }, changes: { status: 'Done' } },
  ],
  [
    'rattache la mission Refonte au compte Boulangerie Dupont',
    'link_custom_record',
    {
      entity: 'MissionMAX',
      target: { name: 'Refonte' },
      to: { name: 'Boulangerie Dupont' },
      owner: 'Account',
    },
  ],
  [
    'le budget de la mission Dupont est 2500 €',
    'update_record',
    { target: { name: 'Dupont' }, entity: 'MissionMAX', changes: { budget: '2500 €' } },
  ],
  [
    'change la date de début de la mission Dupont au 15/01/2027',
    'update_record',
    { target: { name: 'Dupont' }, entity: 'MissionMAX', changes: { 'date de début': '15/01/2027' } },
  ],
  [
    'set the start date of the Acme mission to 2027-02-01',
    'update_record',
    { target: { name: 'Acme' }, entity: 'MissionMAX', changes: { 'start date': '2027-02-01' } },
  ],
  // DiagnosticIA
  [
    'crée un diagnostic IA pour Dupont, score 72',
    'create_custom_record',
    { entity: 'DiagnosticIA', for: { name: 'Dupont' }, fields: { score: '72' } },
  ],
  [
    'new AI diagnostic for Acme, score 65',
    'create_custom_record',
    { entity: 'DiagnosticIA', for: { name: 'Acme' }, fields: { score: '65' } },
  ],
  [
    'score du diagnostic de Dupont : 72',
    'update_record',
    { target: { name: 'Dupont' }, entity: 'DiagnosticIA', changes: { score: '72' } },
  ],
  [
    'le score du diagnostic de Dupont est 80',
    'update_record',
    { target: { name: 'Dupont' }, entity: 'DiagnosticIA', changes: { score: '80' } },
  ],
  [
    'set the diagnostic score of Acme to 80',
    'update_record',
    { target: { name: 'Acme' }, entity: 'DiagnosticIA', changes: { score: '80' } },
  ],
  ['diagnostics de Dupont', 'find_custom_records', { entity: 'DiagnosticIA', for: { name: 'Dupont' } }],
  [
    'passe le diagnostic de Dupont en envoyé',
    'update_record',
    { entity: 'DiagnosticIA', target: { name: 'Dupont' }, changes: { status: 'Sent' } },
  ],
  [
    'link the diagnostic of Mary to account Acme',
    'link_custom_record',
    { entity: 'DiagnosticIA', target: { name: 'Mary' }, to: { name: 'Acme' }, owner: 'Account' },
  ],
  // Any field by its label
  [
    'mets le budget de Dupont à 5000',
    'update_record',
    { target: { name: 'Dupont' }, changes: { budget: '5000' } },
  ],
  [
    "set Dupont's budget to 5000",
    'update_record',
    { target: { name: 'Dupont' }, changes: { budget: '5000' } },
  ],
  [
    'mets le type de bien de Marie Dupont à appartement',
    'update_record',
    { target: { name: 'Marie Dupont' }, changes: { 'type de bien': 'appartement' } },
  ],
  [
    'la surface de Dupont est 120 m2',
    'update_record',
    { target: { name: 'Dupont' }, changes: { surface: '120 m2' } },
  ],
  [
    'mets le budget de Jean de La Fontaine à 5000',
    'update_record',
    { target: { name: 'Jean de La Fontaine' }, changes: { budget: '5000' } },
  ],
  ['son budget : 3000', 'update_record', { target: {}, changes: { budget: '3000' } }],
  ["Acme's budget is 10k", 'update_record', { target: { name: 'Acme' }, changes: { budget: '10k' } }],
  [
    'mets le montant du compte Acme à 2000',
    'update_record',
    { target: { name: 'Acme' }, entity: 'Account', changes: { montant: '2000' } },
  ],
];

describe('rules engine: custom entities and fields by label (FR and EN)', () => {
  for (const [text, name, args] of customPhrases) {
    it(text, () => {
      const r = parseCommand(text, { today: TODAY, locale: 'fr' });
      expect(r.kind === 'calls' && r.calls).toEqual([{ name, args }]);
    });
  }

  it('every call is one the agent accepts: the tool schema parses it, member access, no confirmation; the locale changes nothing', () => {
    for (const [text] of customPhrases) {
      const fr = parseCommand(text, { today: TODAY, locale: 'fr' });
      const en = parseCommand(text, { today: TODAY, locale: 'en' });
      expect(en.kind === 'calls' && en.calls).toEqual(fr.kind === 'calls' && fr.calls);
      if (fr.kind !== 'calls') throw new Error(`not understood: ${text}`);
      const tool = findTool(fr.calls[0]!.name)!;
      expect(tool.access).toBe('member');
      expect(tool.confirm).toBe(false);
      expect(tool.parameters.safeParse(fr.calls[0]!.args).success, text).toBe(true);
    }
  });

  it("a lead's status and the fields the lead tools know stay theirs (change_status, update_lead)", () => {
    const name = (text: string) => {
      const r = parseCommand(text, { today: TODAY, locale: 'fr' });
      return r.kind === 'calls' ? r.calls[0]!.name : r.kind;
    };
    expect(name('passe le statut de Dupont à converti')).toBe('change_status');
    expect(name('update the status of John to lost')).toBe('change_status');
    expect(name("change l'email de Marie Dupont en marie.d@x.fr")).toBe('update_lead');
    expect(name('Marie Dupont est gagnée')).toBe('change_status');
  });

  it('a schema change is never inferred from a field phrase ("mets le champ budget …")', () => {
    expect(parseCommand('mets le champ budget de Dupont à 5000', { today: TODAY, locale: 'fr' }).kind).toBe(
      'unknown',
    );
  });

  it('no custom pattern backtracks badly on inputs just under the cap', () => {
    const prefixes = [
      'mets le ',
      'mets le budget de ',
      'crée une mission MAX pour ',
      'score du diagnostic de ',
      'passe la mission ',
      'rattache la mission ',
      "set Dupont's ",
      'missions de ',
    ];
    const pieces = ['a', 'a ', 'de ', "d'", 'à ', ':', '1', "'s ", 'mission ', 'budget ', 'du '];
    let worst = 0;
    // The fastest of three runs each: backtracking is slow every time, a busy machine only sometimes.
    for (const prefix of prefixes)
      for (const p of pieces)
        for (const suffix of ['', ' à 5000', ' en cours', ' : 72', ' au compte Acme']) {
          const size = MAX_COMMAND_LENGTH - prefix.length - suffix.length - 1;
          const text = prefix + p.repeat(Math.ceil(size / p.length)).slice(0, size) + suffix;
          worst = Math.max(
            worst,
            fastest(() => parseCommand(text, { today: TODAY, locale: 'fr' })),
          );
        }
    expect(worst).toBeLessThan(100);
  });
});
