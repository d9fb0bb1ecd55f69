/** Templates for searches, links, the agenda, duplicates, defaults in memory and the sender's preferences. */
import type { Family } from './case.ts';
import { pick } from './case.ts';
import { COMPANIES, PEOPLE } from './pools.ts';

const name = (i: number) => `${pick(PEOPLE, i).first} ${pick(PEOPLE, i).last}`;
const last = (i: number) => pick(PEOPLE, i).last;
const co = (i: number) => pick(COMPANIES, i + 1);

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
      ['we sell in euros', 'our currency is the euro', 'all our prices are in euros'].slice(0, 1),
      { kind: 'default', field: 'Opportunity.amountCurrency', value: 'EUR' },
      'admin',
    ),
    ...fixed(
      ['our currency is the euro'],
      { kind: 'default', field: 'Opportunity.amountCurrency', value: 'EUR' },
      'admin',
    ),
    ...fixed(
      ['all our prices are in euros'],
      { kind: 'default', field: 'Opportunity.amountCurrency', value: 'EUR' },
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
