import { findTool, MAX_COMMAND_LENGTH, parseCommand } from '@max/core';
import { describe, expect, it } from 'vitest';
import { fastest } from '../rules/timing.ts';

/** Issue 14 §5: the rules engine's common phrasings of calls, meetings, notes/tasks on any record, the agenda. Today is Monday 2026-11-23. */
const TODAY = '2026-11-23';
type Phrase = [text: string, tool: string, args: Record<string, unknown>];

const activityPhrases: Phrase[] = [
  // Calls (FR)
  [
    "j'ai appelé Dupont, il rappelle lundi",
    'log_call',
    { target: { name: 'Dupont' }, description: 'il rappelle lundi' },
  ],
  [
    "j'ai appelé Marie Dupont hier à 14h pendant 20 minutes : intéressée par l'offre",
    'log_call',
    {
      target: { name: 'Marie Dupont' },
      date: '2026-11-22',
      time: '14:00',
      minutes: 20,
      description: "intéressée par l'offre",
    },
  ],
  ["j'ai téléphoné à marie@x.fr ce matin", 'log_call', { target: { emailAddress: 'marie@x.fr' } }],
  [
    'appel avec le compte Boulangerie Dupont : devis demandé',
    'log_call',
    { target: { name: 'Boulangerie Dupont' }, entity: 'Account', description: 'devis demandé' },
  ],
  [
    "Dupont m'a appelé, il veut un devis",
    'log_call',
    { target: { name: 'Dupont' }, inbound: true, description: 'il veut un devis' },
  ],
  ["j'ai eu Dupont au téléphone vendredi", 'log_call', { target: { name: 'Dupont' }, date: '2026-11-20' }],
  [
    'appel reçu de Martin : rappeler demain',
    'log_call',
    { target: { name: 'Martin' }, inbound: true, description: 'rappeler demain' },
  ],
  // Calls (EN)
  [
    "I called John, he'll call back Monday",
    'log_call',
    { target: { name: 'John' }, description: "he'll call back Monday" },
  ],
  [
    'call from Mary Smith: wants a quote',
    'log_call',
    { target: { name: 'Mary Smith' }, inbound: true, description: 'wants a quote' },
  ],
  [
    'log a call with Acme: left a voicemail',
    'log_call',
    { target: { name: 'Acme' }, description: 'left a voicemail' },
  ],
  [
    'I spoke to mary@smith.com for 15 min - sending the brochure',
    'log_call',
    { target: { emailAddress: 'mary@smith.com' }, minutes: 15, description: 'sending the brochure' },
  ],
  ['John called me yesterday', 'log_call', { target: { name: 'John' }, inbound: true, date: '2026-11-22' }],
  // Meetings (FR)
  [
    'planifie un rendez-vous avec Dupont demain à 10h',
    'schedule_meeting',
    { target: { name: 'Dupont' }, date: '2026-11-24', time: '10:00' },
  ],
  [
    "rdv avec Marie Dupont le 12/12 à 14h30 pendant 2h : présentation de l'offre",
    'schedule_meeting',
    {
      target: { name: 'Marie Dupont' },
      date: '2026-12-12',
      time: '14:30',
      minutes: 120,
      subject: "présentation de l'offre",
    },
  ],
  [
    'réunion avec le compte Boulangerie Dupont vendredi à 9h',
    'schedule_meeting',
    { target: { name: 'Boulangerie Dupont' }, entity: 'Account', date: '2026-11-27', time: '09:00' },
  ],
  [
    'cale un rdv avec Dupont jeudi à midi pour une demi-heure',
    'schedule_meeting',
    { target: { name: 'Dupont' }, date: '2026-11-26', time: '12:00', minutes: 30 },
  ],
  ['rdv demain 15h', 'schedule_meeting', { date: '2026-11-24', time: '15:00' }],
  // A meeting without its time still reaches the tool, which asks for it.
  [
    'planifie un rdv avec Dupont demain',
    'schedule_meeting',
    { target: { name: 'Dupont' }, date: '2026-11-24' },
  ],
  // Meetings (EN)
  [
    'schedule a meeting with Acme on Friday 3pm for 1h',
    'schedule_meeting',
    { target: { name: 'Acme' }, date: '2026-11-27', time: '15:00', minutes: 60 },
  ],
  [
    'book a meeting with Mary tomorrow at 10am',
    'schedule_meeting',
    { target: { name: 'Mary' }, date: '2026-11-24', time: '10:00' },
  ],
  [
    'set up a meeting with the Acme account on December 3rd at 2:30pm',
    'schedule_meeting',
    { target: { name: 'Acme' }, entity: 'Account', date: '2026-12-03', time: '14:30' },
  ],
  // Notes and tasks on any record
  [
    'ajoute une note au compte Boulangerie Dupont : livraison mardi',
    'add_note',
    { target: { name: 'Boulangerie Dupont' }, entity: 'Account', text: 'livraison mardi' },
  ],
  [
    "note pour l'opportunité Refonte site : budget validé",
    'add_note',
    { target: { name: 'Refonte site' }, entity: 'Opportunity', text: 'budget validé' },
  ],
  [
    'add a note to the contact Paul Martin: prefers mornings',
    'add_note',
    { target: { name: 'Paul Martin' }, entity: 'Contact', text: 'prefers mornings' },
  ],
  [
    'crée une tâche pour le contact Marie Martin : envoyer la brochure demain à 15h',
    'create_task',
    {
      target: { name: 'Marie Martin' },
      entity: 'Contact',
      name: 'Envoyer la brochure',
      dueDate: '2026-11-24',
      dueTime: '15:00',
    },
  ],
  [
    'remind me to call John tomorrow at 3pm',
    'create_task',
    { target: { name: 'John' }, name: 'Call John', dueDate: '2026-11-24', dueTime: '15:00' },
  ],
  [
    'create a task for the opportunity Website: send the mock-ups friday',
    'create_task',
    { target: { name: 'Website' }, entity: 'Opportunity', name: 'Send the mock-ups', dueDate: '2026-11-27' },
  ],
  // The agenda
  ['mes tâches', 'list_activities', { kind: 'Task' }],
  ['liste mes rendez-vous de la semaine', 'list_activities', { kind: 'Meeting', days: 7 }],
  ['tâches de Dupont', 'list_activities', { kind: 'Task', target: { name: 'Dupont' } }],
  ['rendez-vous à venir avec Dupont', 'list_activities', { kind: 'Meeting', target: { name: 'Dupont' } }],
  ["qu'est-ce que j'ai à faire aujourd'hui", 'list_activities', { kind: 'Task', days: 1 }],
  ['upcoming meetings', 'list_activities', { kind: 'Meeting' }],
  ["what's on my agenda today?", 'list_activities', { days: 1 }],
  ['show my open tasks', 'list_activities', { kind: 'Task' }],
  ['meetings with Acme', 'list_activities', { kind: 'Meeting', target: { name: 'Acme' } }],
  // Tasks done
  ['marque la tâche rappeler Dupont comme faite', 'complete_task', { target: { name: 'rappeler Dupont' } }],
  ['tâche envoyer le devis terminée', 'complete_task', { target: { name: 'envoyer le devis' } }],
  ["j'ai fini la tâche de Dupont", 'complete_task', { target: { name: 'Dupont' } }],
  ['la tâche « relancer Acme » est faite', 'complete_task', { target: { name: 'relancer Acme' } }],
  ['mark task call John as done', 'complete_task', { target: { name: 'call John' } }],
  ['complete the task send proposal', 'complete_task', { target: { name: 'send proposal' } }],
  ['task follow up with Mary done', 'complete_task', { target: { name: 'follow up with Mary' } }],
];

describe('rules engine: calls, meetings, notes/tasks on any record, agenda, tasks done (FR and EN)', () => {
  for (const [text, name, args] of activityPhrases) {
    it(text, () => {
      const r = parseCommand(text, { today: TODAY, locale: 'fr' });
      expect(r.kind === 'calls' && r.calls).toEqual([{ name, args }]);
    });
  }

  it('every call is one the agent accepts: the tool schema parses it, member access, no confirmation; the locale changes nothing', () => {
    for (const [text] of activityPhrases) {
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

  it('sentences that only mention a meeting or a call log or plan nothing', () => {
    for (const text of [
      'je suis en cours de réunion',
      'la réunion de demain est annulée ?',
      "j'ai appelé",
      'appeler Dupont demain',
      'I will call you back',
      'passe la réunion de demain avec toute l’équipe commerciale et les stagiaires en cours',
    ]) {
      const r = parseCommand(text, { today: TODAY, locale: 'fr' });
      const names = r.kind === 'calls' ? r.calls.map((c) => c.name) : [];
      expect(names, text).not.toContain('log_call');
      expect(names, text).not.toContain('schedule_meeting');
    }
  });

  it('no activity pattern backtracks badly on inputs just under the cap', () => {
    const prefixes = [
      "j'ai appelé ",
      'rdv avec ',
      'planifie un rendez-vous avec ',
      'mes tâches de ',
      'marque la tâche ',
      'I called ',
      'schedule a meeting with ',
      'tâche ',
      "Dupont m'a ",
    ];
    const pieces = [
      'a',
      'a ',
      '1',
      '10h',
      'à ',
      'de ',
      ':',
      ' - ',
      'avec ',
      'pendant ',
      "m'a ",
      'mission ',
      'compte ',
    ];
    let worst = 0;
    // The fastest of three runs each: backtracking is slow every time, a busy machine only sometimes.
    for (const prefix of prefixes)
      for (const p of pieces)
        for (const suffix of ['', ' x', ' à 10h', ' comme faite', ' appelé']) {
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
