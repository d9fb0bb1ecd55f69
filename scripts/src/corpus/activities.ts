/** Templates for tasks, calls, meetings, notes, the agenda, searches, duplicates, links and memory. */
import type { Family } from './case.ts';
import { pick } from './case.ts';
import { COMPANIES, DATES, PEOPLE } from './pools.ts';

const name = (i: number) => `${pick(PEOPLE, i).first} ${pick(PEOPLE, i).last}`;
const last = (i: number) => pick(PEOPLE, i).last;
const date = (i: number) => pick(DATES, i);
const co = (i: number) => pick(COMPANIES, i + 1);
const BODY_FR = [
  'il veut un devis',
  'intéressée par la formule pro',
  'à rappeler après les fêtes',
  'budget validé',
];
const BODY_EN = [
  'she wants a quote',
  'interested in the pro plan',
  'call back after the holidays',
  'budget approved',
];

export const tasks: Family = {
  intent: 'task',
  tool: 'create_task',
  n: 3,
  fr: [
    (i) => ({
      text: `rappelle-moi d'appeler ${name(i)} ${date(i)[0]}`,
      args: { target: { name: name(i) }, dueDate: date(i)[2] },
    }),
    (i) => ({
      text: `tâche : relancer ${name(i)} ${date(i)[0]}`,
      args: { target: { name: name(i) }, dueDate: date(i)[2] },
    }),
    (i) => ({
      text: `crée une tâche pour ${name(i)} : envoyer le devis ${date(i)[0]}`,
      args: { target: { name: name(i) }, dueDate: date(i)[2] },
    }),
    (i) => ({
      text: `n'oublie pas de rappeler ${name(i)} ${date(i)[0]}`,
      args: { target: { name: name(i) }, dueDate: date(i)[2] },
    }),
  ],
  en: [
    (i) => ({
      text: `remind me to call ${name(i)} ${date(i)[1]}`,
      args: { target: { name: name(i) }, dueDate: date(i)[2] },
    }),
    (i) => ({
      text: `task: follow up with ${name(i)} ${date(i)[1]}`,
      args: { target: { name: name(i) }, dueDate: date(i)[2] },
    }),
    (i) => ({
      text: `create a task for ${name(i)}: send the quote ${date(i)[1]}`,
      args: { target: { name: name(i) }, dueDate: date(i)[2] },
    }),
    (i) => ({
      text: `don't forget to email ${name(i)} ${date(i)[1]}`,
      args: { target: { name: name(i) }, dueDate: date(i)[2] },
    }),
  ],
};

export const calls: Family = {
  intent: 'call',
  tool: 'log_call',
  n: 3,
  fr: [
    (i) => ({ text: `j'ai appelé ${name(i)}, ${pick(BODY_FR, i)}`, args: { target: { name: name(i) } } }),
    (i) => ({
      text: `appel avec ${name(i)} : ${pick(BODY_FR, i)}`,
      args: { target: { name: name(i) }, description: pick(BODY_FR, i) },
    }),
    (i) => ({
      text: `${name(i)} m'a appelé, ${pick(BODY_FR, i)}`,
      args: { target: { name: name(i) }, inbound: true },
    }),
    (i) => ({
      text: `note l'appel avec ${name(i)} : ${pick(BODY_FR, i)}`,
      args: { target: { name: name(i) }, description: pick(BODY_FR, i) },
    }),
  ],
  en: [
    (i) => ({ text: `I called ${name(i)}: ${pick(BODY_EN, i)}`, args: { target: { name: name(i) } } }),
    (i) => ({
      text: `note the call with ${name(i)}: ${pick(BODY_EN, i)}`,
      args: { target: { name: name(i) }, description: pick(BODY_EN, i) },
    }),
    (i) => ({
      text: `${name(i)} called me, ${pick(BODY_EN, i)}`,
      args: { target: { name: name(i) }, inbound: true },
    }),
    (i) => ({
      text: `log a call with ${name(i)}: ${pick(BODY_EN, i)}`,
      args: { target: { name: name(i) }, description: pick(BODY_EN, i) },
    }),
  ],
};

const TIMES: Array<[fr: string, en: string, hhmm: string]> = [
  ['à 10h', 'at 10am', '10:00'],
  ['à 14h30', 'at 2:30pm', '14:30'],
  ['à 9h', 'at 9am', '09:00'],
];

export const meetings: Family = {
  intent: 'meeting',
  tool: 'schedule_meeting',
  n: 3,
  fr: [
    (i) => ({
      text: `rdv avec ${name(i)} ${date(i)[0]} ${pick(TIMES, i)[0]}`,
      args: { target: { name: name(i) }, date: date(i)[2], time: pick(TIMES, i)[2] },
    }),
    (i) => ({
      text: `planifie une réunion avec ${name(i)} ${date(i)[0]} ${pick(TIMES, i)[0]}`,
      args: { target: { name: name(i) }, date: date(i)[2], time: pick(TIMES, i)[2] },
    }),
    (i) => ({
      text: `cale un rendez-vous avec ${name(i)} ${date(i)[0]} ${pick(TIMES, i)[0]}`,
      args: { target: { name: name(i) }, date: date(i)[2], time: pick(TIMES, i)[2] },
    }),
  ],
  en: [
    (i) => ({
      text: `book a meeting with ${name(i)} ${date(i)[1]} ${pick(TIMES, i)[1]}`,
      args: { target: { name: name(i) }, date: date(i)[2], time: pick(TIMES, i)[2] },
    }),
    (i) => ({
      text: `schedule a meeting with ${name(i)} ${date(i)[1]} ${pick(TIMES, i)[1]}`,
      args: { target: { name: name(i) }, date: date(i)[2], time: pick(TIMES, i)[2] },
    }),
    (i) => ({
      text: `set up a meeting with ${name(i)} ${date(i)[1]} ${pick(TIMES, i)[1]}`,
      args: { target: { name: name(i) }, date: date(i)[2], time: pick(TIMES, i)[2] },
    }),
  ],
};

export const notes: Family = {
  intent: 'note',
  tool: 'add_note',
  n: 3,
  fr: [
    (i) => ({
      text: `note pour ${name(i)} : ${pick(BODY_FR, i)}`,
      args: { target: { name: name(i) }, text: pick(BODY_FR, i) },
    }),
    (i) => ({
      text: `ajoute une note sur ${name(i)} : ${pick(BODY_FR, i)}`,
      args: { target: { name: name(i) }, text: pick(BODY_FR, i) },
    }),
  ],
  en: [
    (i) => ({
      text: `add a note to ${name(i)}: ${pick(BODY_EN, i)}`,
      args: { target: { name: name(i) }, text: pick(BODY_EN, i) },
    }),
    (i) => ({
      text: `note for ${name(i)}: ${pick(BODY_EN, i)}`,
      args: { target: { name: name(i) }, text: pick(BODY_EN, i) },
    }),
  ],
};

export const finds: Family = {
  intent: 'find',
  tool: 'find_leads',
  n: 3,
  fr: [
    (i) => ({ text: `trouve le lead ${last(i)}`, args: { query: last(i) } }),
    (i) => ({ text: `cherche ${name(i)}`, args: { query: name(i) } }),
    (i) => ({ text: `c'est qui ${name(i)} ?`, args: { query: name(i) } }),
  ],
  en: [
    (i) => ({ text: `find lead ${last(i)}`, args: { query: last(i) } }),
    (i) => ({ text: `who is ${name(i)}?`, args: { query: name(i) } }),
    (i) => ({ text: `look up ${name(i)}`, args: { query: name(i) } }),
  ],
};

export const links: Family = {
  intent: 'link',
  tool: 'link_records',
  n: 3,
  fr: [
    (i) => ({ text: `rattache ${name(i)} à ${co(i)}`, args: { record: name(i), to: co(i) } }),
    (i) => ({
      text: `associe le contact ${name(i)} au compte ${co(i)}`,
      args: { record: name(i), to: co(i) },
    }),
  ],
  en: [
    (i) => ({ text: `attach ${name(i)} to the company ${co(i)}`, args: { record: name(i), to: co(i) } }),
    (i) => ({ text: `link ${name(i)} to ${co(i)}`, args: { record: name(i), to: co(i) } }),
  ],
};

const fixed = (texts: string[], args?: Record<string, unknown>, role?: 'admin') =>
  texts.map((t) => () => ({ text: t, ...(args ? { args } : {}), ...(role ? { role } : {}) }));

export const agenda: Family = {
  intent: 'agenda',
  tool: 'list_activities',
  n: 1,
  fr: [
    ...fixed(
      ["qu'est-ce que j'ai à faire lundi ?", 'mes tâches de la semaine', "j'ai quoi à faire aujourd'hui ?"],
      { kind: 'Task' },
    ),
    ...fixed([
      "qu'est-ce que j'ai de prévu demain ?",
      'mon agenda de la semaine',
      'quels sont mes rendez-vous cette semaine ?',
    ]),
  ],
  en: [
    ...fixed(["what's due this week?", 'show me my tasks for tomorrow', 'what do I have to do today?'], {
      kind: 'Task',
    }),
    ...fixed(["what's on my agenda today?", 'what do I have planned this week?', 'my upcoming meetings']),
  ],
};

export const duplicates: Family = {
  intent: 'duplicates',
  tool: 'find_duplicates',
  n: 1,
  fr: fixed([
    'cherche les doublons',
    'y a-t-il des doublons dans les contacts ?',
    'fusionne les doublons de Dupont',
    'on a des leads en double ?',
  ]),
  en: fixed([
    'any duplicates?',
    'find duplicate leads',
    'are there duplicates in my contacts?',
    'merge the duplicates',
  ]),
};

export const memory: Family = {
  intent: 'memory',
  tool: 'remember',
  n: 1,
  fr: [
    ...fixed(
      [
        'notre source de leads par défaut est Web Site',
        'la source par défaut des leads : Web Site',
        'nos nouveaux leads viennent du Web Site',
      ],
      { kind: 'default', field: 'Lead.source', value: 'Web Site' },
      'admin',
    ),
    ...fixed(
      ['on vend en euros', 'nos prix sont en euros', "notre devise est l'euro"],
      { kind: 'default', field: 'Opportunity.amountCurrency', value: 'EUR' },
      'admin',
    ),
  ],
  en: [
    ...fixed(
      [
        'our default lead source is Web Site',
        'new leads come from Web Site',
        'the default source for new leads is Web Site',
      ],
      { kind: 'default', field: 'Lead.source', value: 'Web Site' },
      'admin',
    ),
    ...fixed(
      ['we sell in euros', 'our currency is GBP', 'all our prices are in dollars'].slice(0, 1),
      { kind: 'default', field: 'Opportunity.amountCurrency', value: 'EUR' },
      'admin',
    ),
    ...fixed(
      ['our currency is GBP'],
      { kind: 'default', field: 'Opportunity.amountCurrency', value: 'GBP' },
      'admin',
    ),
    ...fixed(
      ['all our prices are in dollars'],
      { kind: 'default', field: 'Opportunity.amountCurrency', value: 'USD' },
      'admin',
    ),
  ],
};

export const preferences: Family = {
  intent: 'me',
  tool: 'set_my_preferences',
  n: 1,
  fr: [
    ...fixed(['appelle-moi Marie', 'tu peux m’appeler Jean-Pierre'].slice(0, 1), { name: 'Marie' }),
    ...fixed(['réponds-moi en anglais', 'parle-moi en anglais stp'], { language: 'en' }),
  ],
  en: [
    ...fixed(['call me Mary'], { name: 'Mary' }),
    ...fixed(['reply in French', 'please answer in French from now on'], { language: 'fr' }),
  ],
};
