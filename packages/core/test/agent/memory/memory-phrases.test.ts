import { findTool, MAX_COMMAND_LENGTH, parseCommand, routeFamilies } from '@max/core';
import { describe, expect, it } from 'vitest';
import { fastest } from '../rules/timing.ts';

const TODAY = '2026-11-23';
type Phrase = [text: string, tool: string, args: Record<string, unknown>];

/** Issue 14 §1: the common phrasings of the memory commands, FR and EN → the exact tool calls. */
const phrases: Phrase[] = [
  // remember: the profile
  [
    'retiens que nous sommes une agence immobilière à Lyon',
    'remember',
    { kind: 'profile', field: 'sector', value: 'agence immobilière à Lyon' },
  ],
  [
    "Salut MAX, souviens-toi qu'on est une boulangerie",
    'remember',
    { kind: 'profile', field: 'sector', value: 'boulangerie' },
  ],
  [
    'remember that we are a real estate agency in Lyon',
    'remember',
    { kind: 'profile', field: 'sector', value: 'real estate agency in Lyon' },
  ],
  ["remember: we're a bakery", 'remember', { kind: 'profile', field: 'sector', value: 'bakery' }],
  [
    'retiens que nous vendons des maisons anciennes',
    'remember',
    { kind: 'profile', field: 'offer', value: 'des maisons anciennes' },
  ],
  [
    'remember that we sell websites to small shops',
    'remember',
    { kind: 'profile', field: 'offer', value: 'websites to small shops' },
  ],
  [
    'retiens que nos clients sont des particuliers',
    'remember',
    { kind: 'profile', field: 'customers', value: 'des particuliers' },
  ],
  [
    'remember that our target customers are young families',
    'remember',
    { kind: 'profile', field: 'customers', value: 'young families' },
  ],
  [
    "n'oublie pas que nos horaires sont 9h-18h du lundi au vendredi",
    'remember',
    { kind: 'profile', field: 'hours', value: '9h-18h du lundi au vendredi' },
  ],
  [
    "remember that we're open Monday to Friday, 9 to 6",
    'remember',
    { kind: 'profile', field: 'hours', value: 'Monday to Friday, 9 to 6' },
  ],
  [
    'retiens que notre ton est chaleureux',
    'remember',
    { kind: 'profile', field: 'tone', value: 'chaleureux' },
  ],
  ['remember: use a formal tone', 'remember', { kind: 'profile', field: 'tone', value: 'formal' }],
  [
    'mémorise que nous sommes basés à Villeurbanne',
    'remember',
    { kind: 'profile', field: 'location', value: 'Villeurbanne' },
  ],
  [
    "remember that we're based in Bristol",
    'remember',
    { kind: 'profile', field: 'location', value: 'Bristol' },
  ],
  // remember: the default lead source
  [
    'remember that leads from the website are source Web',
    'remember',
    { kind: 'default', field: 'Lead.source', value: 'Web' },
  ],
  [
    'retiens que les leads du site web sont de source Web',
    'remember',
    { kind: 'default', field: 'Lead.source', value: 'Web' },
  ],
  [
    'retiens que la source par défaut des leads est Partenaire',
    'remember',
    { kind: 'default', field: 'Lead.source', value: 'Partenaire' },
  ],
  [
    'remember the default lead source is Call',
    'remember',
    { kind: 'default', field: 'Lead.source', value: 'Call' },
  ],
  // remember: goals, preferences, notes
  [
    'retiens que notre objectif est 20 nouveaux leads par mois',
    'remember',
    { kind: 'goal', value: '20 nouveaux leads par mois' },
  ],
  [
    'remember that our goal is 20 new leads a month',
    'remember',
    { kind: 'goal', value: '20 new leads a month' },
  ],
  [
    'retiens que je préfère des réponses courtes',
    'remember',
    { kind: 'pref', value: 'des réponses courtes' },
  ],
  ['remember that we prefer calls to e-mails', 'remember', { kind: 'pref', value: 'calls to e-mails' }],
  [
    'retiens que le client Martin paie toujours en retard',
    'remember',
    { kind: 'note', value: 'le client Martin paie toujours en retard' },
  ],
  [
    'keep in mind that August is our quiet month',
    'remember',
    { kind: 'note', value: 'August is our quiet month' },
  ],
  // a body that speaks of deleting is still a fact, not a command
  [
    'retiens que nous ne supprimons jamais un lead',
    'remember',
    { kind: 'note', value: 'nous ne supprimons jamais un lead' },
  ],
  // forget
  ["oublie l'objectif 2", 'forget', { what: "l'objectif 2" }],
  ['oublie la source par défaut des leads', 'forget', { what: 'la source par défaut des leads' }],
  ['oublie que nous sommes à Lyon', 'forget', { what: 'nous sommes à Lyon' }],
  ['forget goal 1', 'forget', { what: 'goal 1' }],
  ['forget the default lead source', 'forget', { what: 'the default lead source' }],
  ['forget about the note on Martin', 'forget', { what: 'the note on Martin' }],
  ['oublie tout', 'forget_all', {}],
  ['oublie tout ce que tu sais sur nous', 'forget_all', {}],
  ['forget everything', 'forget_all', {}],
  ['forget everything you know about us', 'forget_all', {}],
  // recall
  ["qu'est-ce que tu sais de nous ?", 'recall', {}],
  ['qu’est-ce que tu sais sur notre entreprise ?', 'recall', {}],
  ['que sais-tu de nous ?', 'recall', {}],
  ['montre-moi ta mémoire', 'recall', {}],
  ['quels sont nos objectifs ?', 'recall', { topic: 'goals' }],
  ["qu'est-ce que tu sais de nos objectifs ?", 'recall', { topic: 'goals' }],
  ['what do you know about us?', 'recall', {}],
  ['What do you know about our business?', 'recall', {}],
  ['what do you remember?', 'recall', {}],
  ['show me your memory', 'recall', {}],
  ['what are our goals?', 'recall', { topic: 'goals' }],
  ['what do you know about our notes?', 'recall', { topic: 'notes' }],
  // the sender's own facts
  ['appelle-moi Marie', 'set_my_preferences', { name: 'Marie' }],
  ['Appelez-moi Jean-Pierre', 'set_my_preferences', { name: 'Jean-Pierre' }],
  ['call me Mary', 'set_my_preferences', { name: 'Mary' }],
  ['my name is Anne', 'set_my_preferences', { name: 'Anne' }],
  ['réponds-moi en anglais', 'set_my_preferences', { language: 'en' }],
  ['réponds-moi toujours en français', 'set_my_preferences', { language: 'fr' }],
  ['reply in French', 'set_my_preferences', { language: 'fr' }],
  ['please answer me in English from now on', 'set_my_preferences', { language: 'en' }],
];

describe('memory phrasings, FR and EN, through the rules engine', () => {
  for (const [text, tool, args] of phrases)
    it(text, () => {
      for (const locale of ['fr', 'en'] as const) {
        const r = parseCommand(text, { today: TODAY, locale });
        expect(r).toMatchObject({ kind: 'calls', calls: [{ name: tool, args }] });
      }
    });

  it('each of them is routed to the memory tools (the model is offered them)', () => {
    for (const [text] of phrases) expect(routeFamilies([text]), text).toContain('memory');
  });

  it('every call they make parses against the real tool schema', () => {
    for (const [text] of phrases) {
      const r = parseCommand(text, { today: TODAY, locale: 'fr' });
      if (r.kind !== 'calls') throw new Error(`not understood: ${text}`);
      for (const c of r.calls)
        expect(findTool(c.name)!.parameters.safeParse(c.args).success, text).toBe(true);
    }
  });
});

describe('what is not a memory command', () => {
  const notMemory: Array<[string, string | null]> = [
    // reminders and call-backs are tasks, not facts or names
    ["n'oublie pas de rappeler Dupont demain", 'create_task'],
    ['remember to call Dupont tomorrow', null],
    ['appelle-moi demain', null],
    ['call me back', null],
    ['call me tomorrow at 10', null],
    // about a record, not about the business
    ['what do you know about Dupont?', null],
    // unknown phrasings: the help reply, never a guess
    ['retiens', null],
    ['oublie', null],
    ['mémoire', null],
  ];
  for (const [text, tool] of notMemory)
    it(`"${text}" → ${tool ?? 'not understood'}`, () => {
      const r = parseCommand(text, { today: TODAY, locale: 'fr' });
      if (tool === null) expect(r.kind).toBe('unknown');
      else expect(r).toMatchObject({ kind: 'calls', calls: [{ name: tool }] });
    });

  it('"efface ta mémoire" is destructive wording: no call is inferred', () => {
    expect(parseCommand('efface ta mémoire', { today: TODAY, locale: 'fr' }).kind).toBe('unknown');
    expect(parseCommand('delete your memory', { today: TODAY, locale: 'en' }).kind).toBe('unknown');
  });
});

describe('bounded work on hostile input (memory patterns)', () => {
  it('no memory pattern backtracks badly on inputs just under the cap', () => {
    const prefixes = [
      'retiens que ',
      'remember that ',
      'oublie ',
      'forget ',
      "qu'est-ce que tu sais de ",
      'appelle-moi ',
      'réponds-moi ',
    ];
    const pieces = [
      'a',
      'a ',
      'leads ',
      'source ',
      'nous sommes ',
      'notre ',
      'objectif ',
      'é',
      ':',
      "l'",
      'en ',
    ];
    let worst = 0;
    // The fastest of three runs each: backtracking is slow every time, a busy machine only sometimes.
    for (const prefix of prefixes)
      for (const p of pieces) {
        const size = MAX_COMMAND_LENGTH - prefix.length - 2;
        const text = `${prefix}${p.repeat(Math.ceil(size / p.length)).slice(0, size)} x`;
        worst = Math.max(
          worst,
          fastest(() => parseCommand(text, { today: TODAY, locale: 'fr' })),
        );
      }
    expect(worst).toBeLessThan(100);
  });
});
