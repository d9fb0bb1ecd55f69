/** Templates for tasks, calls, meetings and notes: word orders × slot forms × FR/EN. */
import type { Family } from './case.ts';
import { pick } from './case.ts';
import { DATES, PEOPLE } from './pools.ts';

const name = (i: number) => `${pick(PEOPLE, i).first} ${pick(PEOPLE, i).last}`;
const date = (i: number) => pick(DATES, i);
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
