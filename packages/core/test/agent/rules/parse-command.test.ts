import { detectLanguage, parseCommand, rulesHelp } from '@max/core';
import { describe, expect, it } from 'vitest';

const today = '2026-11-23'; // a Monday
type Case = [string, string, Record<string, unknown>];

const cases: Case[] = [
  // create
  [
    'Salut MAX, crée un lead pour Test E2E, email e2e@test.com',
    'create_lead',
    { firstName: 'Test', lastName: 'E2E', emailAddress: 'e2e@test.com' },
  ],
  [
    'nouveau lead Jean-Pierre Le Gall de la société Transports Martin, tél 06 12 34 56 78',
    'create_lead',
    {
      firstName: 'Jean-Pierre',
      lastName: 'Le Gall',
      accountName: 'Transports Martin',
      phoneNumber: '06 12 34 56 78',
    },
  ],
  [
    "ajoute un prospect Zoé D'Arcy chez L'Oréal email zoe@loreal.fr",
    'create_lead',
    { firstName: 'Zoé', lastName: "D'Arcy", accountName: "L'Oréal", emailAddress: 'zoe@loreal.fr' },
  ],
  [
    "create a lead for John O'Brien at Acme Corp, phone +44 20 7946 0958, email john@acme.co.uk",
    'create_lead',
    {
      firstName: 'John',
      lastName: "O'Brien",
      accountName: 'Acme Corp',
      phoneNumber: '+44 20 7946 0958',
      emailAddress: 'john@acme.co.uk',
    },
  ],
  [
    'lead: Marie Dupont marie@x.fr 0612345678',
    'create_lead',
    { firstName: 'Marie', lastName: 'Dupont', emailAddress: 'marie@x.fr', phoneNumber: '0612345678' },
  ],
  [
    'email marie@x.fr, crée le lead Marie Dupont',
    'create_lead',
    { firstName: 'Marie', lastName: 'Dupont', emailAddress: 'marie@x.fr' },
  ],
  ['Bonjour, crée un lead Éloïse Müller', 'create_lead', { firstName: 'Éloïse', lastName: 'Müller' }],
  [
    'crée un lead François Lefèvre, email francois@lefevre.fr, tél 07.11.22.33.44',
    'create_lead',
    {
      firstName: 'François',
      lastName: 'Lefèvre',
      emailAddress: 'francois@lefevre.fr',
      phoneNumber: '07.11.22.33.44',
    },
  ],
  ['crée un lead Dupont', 'create_lead', { lastName: 'Dupont' }],
  [
    'new lead Anna Schmidt from Siemens AG, phone +49 30 1234567',
    'create_lead',
    { firstName: 'Anna', lastName: 'Schmidt', accountName: 'Siemens AG', phoneNumber: '+49 30 1234567' },
  ],
  [
    'hi MAX please create a lead for Mary Smith, email mary@smith.com',
    'create_lead',
    { firstName: 'Mary', lastName: 'Smith', emailAddress: 'mary@smith.com' },
  ],
  [
    'ajoute le contact Paul Martin entreprise Boulangerie Martin',
    'create_lead',
    { firstName: 'Paul', lastName: 'Martin', accountName: 'Boulangerie Martin' },
  ],
  [
    'crée un lead pour Léa Dubois-Roche, 0033 6 12 34 56 78',
    'create_lead',
    { firstName: 'Léa', lastName: 'Dubois-Roche', phoneNumber: '0033 6 12 34 56 78' },
  ],
  [
    'add a lead named Chloe Brown, email chloe@brown.io stp',
    'create_lead',
    { firstName: 'Chloe', lastName: 'Brown', emailAddress: 'chloe@brown.io' },
  ],
  // find
  ['trouve le lead Dupont', 'find_leads', { query: 'Dupont' }],
  ['cherche marie@x.fr', 'find_leads', { emailAddress: 'marie@x.fr' }],
  ['find lead John', 'find_leads', { query: 'John' }],
  ['search leads at Acme', 'find_leads', { query: 'Acme' }],
  ['qui est 06 12 34 56 78 ?', 'find_leads', { phoneNumber: '06 12 34 56 78' }],
  ['montre-moi les leads de Transports Martin', 'find_leads', { query: 'Transports Martin' }],
  ['recherche Éloïse Müller', 'find_leads', { query: 'Éloïse Müller' }],
  ['find john@acme.co.uk', 'find_leads', { emailAddress: 'john@acme.co.uk' }],
  ['cherche le prospect Le Gall', 'find_leads', { query: 'Le Gall' }],
  ['who is +44 20 7946 0958', 'find_leads', { phoneNumber: '+44 20 7946 0958' }],
  // update
  [
    "change l'email de Marie Dupont en marie.d@x.fr",
    'update_lead',
    { target: { name: 'Marie Dupont' }, changes: { emailAddress: 'marie.d@x.fr' } },
  ],
  [
    'mets à jour le téléphone de Dupont : 07 11 22 33 44',
    'update_lead',
    { target: { name: 'Dupont' }, changes: { phoneNumber: '07 11 22 33 44' } },
  ],
  [
    "update John O'Brien's phone to +1 415 555 0100",
    'update_lead',
    { target: { name: "John O'Brien" }, changes: { phoneNumber: '+1 415 555 0100' } },
  ],
  [
    'set company of marie@x.fr to Acme',
    'update_lead',
    { target: { emailAddress: 'marie@x.fr' }, changes: { accountName: 'Acme' } },
  ],
  [
    "change la société de Zoé D'Arcy en Chanel",
    'update_lead',
    { target: { name: "Zoé D'Arcy" }, changes: { accountName: 'Chanel' } },
  ],
  [
    'modifie le titre de Paul Martin en Directeur commercial',
    'update_lead',
    { target: { name: 'Paul Martin' }, changes: { title: 'Directeur commercial' } },
  ],
  [
    'change email of Mary Smith to mary@newco.com',
    'update_lead',
    { target: { name: 'Mary Smith' }, changes: { emailAddress: 'mary@newco.com' } },
  ],
  [
    'update the website of chloe@brown.io to https://brown.io',
    'update_lead',
    { target: { emailAddress: 'chloe@brown.io' }, changes: { website: 'https://brown.io' } },
  ],
  // status
  [
    'passe Marie Dupont en cours',
    'change_status',
    { target: { name: 'Marie Dupont' }, status: 'In Process' },
  ],
  ['Dupont est perdu', 'change_status', { target: { name: 'Dupont' }, status: 'Dead' }],
  [
    "mark John O'Brien as converted",
    'change_status',
    { target: { name: "John O'Brien" }, status: 'Converted' },
  ],
  [
    'statut de marie@x.fr : converti',
    'change_status',
    { target: { emailAddress: 'marie@x.fr' }, status: 'Converted' },
  ],
  ['passe le lead Le Gall en recyclé', 'change_status', { target: { name: 'Le Gall' }, status: 'Recycled' }],
  ['mark Mary Smith as lost', 'change_status', { target: { name: 'Mary Smith' }, status: 'Dead' }],
  [
    'set status of chloe@brown.io to assigned',
    'change_status',
    { target: { emailAddress: 'chloe@brown.io' }, status: 'Assigned' },
  ],
  ['passe-le en cours', 'change_status', { target: {}, status: 'In Process' }],
  // note
  [
    'ajoute une note à Marie Dupont : rappeler jeudi',
    'add_note',
    { target: { name: 'Marie Dupont' }, text: 'rappeler jeudi' },
  ],
  [
    "note pour Dupont: intéressée par l'offre",
    'add_note',
    { target: { name: 'Dupont' }, text: "intéressée par l'offre" },
  ],
  [
    'add a note to John: called, no answer',
    'add_note',
    { target: { name: 'John' }, text: 'called, no answer' },
  ],
  ['note: rappeler la semaine prochaine', 'add_note', { target: {}, text: 'rappeler la semaine prochaine' }],
  [
    'ajoute une note sur marie@x.fr : devis envoyé',
    'add_note',
    { target: { emailAddress: 'marie@x.fr' }, text: 'devis envoyé' },
  ],
  [
    "add a note to Zoé D'Arcy: prefers email",
    'add_note',
    { target: { name: "Zoé D'Arcy" }, text: 'prefers email' },
  ],
  // task
  [
    'crée une tâche rappeler Marie Dupont demain',
    'create_task',
    { name: 'Rappeler Marie Dupont', dueDate: '2026-11-24' },
  ],
  [
    'tâche urgente : envoyer le devis à Dupont pour vendredi',
    'create_task',
    { name: 'Envoyer le devis à Dupont', dueDate: '2026-11-27', priority: 'Urgent' },
  ],
  [
    "remind me to call John O'Brien tomorrow",
    'create_task',
    { name: "Call John O'Brien", dueDate: '2026-11-24' },
  ],
  [
    'create a task send proposal for Acme on 2026-12-01',
    'create_task',
    { name: 'Send proposal for Acme', dueDate: '2026-12-01' },
  ],
  [
    'nouvelle tâche relancer marie@x.fr dans 3 jours',
    'create_task',
    { target: { emailAddress: 'marie@x.fr' }, name: 'Relancer marie@x.fr', dueDate: '2026-11-26' },
  ],
  ['tâche : préparer la démo le 12/03', 'create_task', { name: 'Préparer la démo', dueDate: '2027-03-12' }],
  [
    'create an important task follow up with Mary next monday',
    'create_task',
    { name: 'Follow up with Mary', dueDate: '2026-11-30', priority: 'High' },
  ],
  // list recent
  ['derniers leads', 'list_recent', {}],
  ['liste les 10 derniers leads', 'list_recent', { limit: 10 }],
  ['show recent leads', 'list_recent', {}],
  ['last 3 leads', 'list_recent', { limit: 3 }],
  ['Salut MAX, les 5 derniers prospects stp', 'list_recent', { limit: 5 }],
  ['montre-moi les derniers leads', 'list_recent', {}],
];

describe('rules engine: recognised commands → tool calls', () => {
  for (const [text, name, args] of cases) {
    it(text, () => {
      const r = parseCommand(text, { today, locale: 'fr' });
      expect(r.kind).toBe('calls');
      if (r.kind !== 'calls') return;
      expect(r.calls).toEqual([{ name, args }]);
    });
  }
});

describe('rules engine: nothing else, and nothing destructive', () => {
  const unknown = [
    'quel temps fait-il ?',
    'supprime le lead Dupont',
    'delete lead John',
    'efface tous les leads',
    '',
    '   ',
    '👍🙂',
    'ok',
    'blabla',
  ];
  for (const text of unknown) {
    it(`"${text}" is not understood`, () => {
      expect(parseCommand(text, { today, locale: 'fr' }).kind).toBe('unknown');
    });
  }

  it('a 10 000-character input returns quickly', () => {
    const long = `crée un lead ${'a'.repeat(5000)} ${'@b.'.repeat(1600)}`;
    const started = performance.now();
    parseCommand(long, { today, locale: 'fr' });
    parseCommand('x '.repeat(5000), { today, locale: 'fr' });
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe('language', () => {
  it('detects French and English, falling back to the locale', () => {
    expect(detectLanguage('crée un lead pour Marie')).toBe('fr');
    expect(detectLanguage('create a lead for Mary')).toBe('en');
    expect(detectLanguage('ok', 'en')).toBe('en');
    expect(parseCommand('show recent leads', { today, locale: 'fr' }).language).toBe('en');
  });

  it('the help text has exactly two examples in each language', () => {
    expect(rulesHelp('fr')).toMatch(/^Je n'ai pas compris\./);
    expect(rulesHelp('fr').match(/«/g)).toHaveLength(2);
    expect(rulesHelp('en')).toMatch(/^I didn't understand\./);
    expect(rulesHelp('en').match(/"/g)).toHaveLength(4);
  });
});
