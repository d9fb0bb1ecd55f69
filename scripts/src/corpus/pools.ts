/**
 * The values the paraphrase corpus fills its templates with: names with accents, particles and
 * apostrophes, companies with "&" and apostrophes, e-mails, phones as people type them, amounts with
 * currency words and symbols, dates in words. "Today" is Monday 7 December 2026.
 */
export const TODAY = '2026-12-07';

export interface Person {
  first: string;
  last: string;
  email: string;
}

export const PEOPLE: Person[] = [
  { first: 'Léa', last: 'Roux', email: 'lea.roux@roux-fils.fr' },
  { first: 'Jean-Pierre', last: 'Le Gall', email: 'jp.legall@transports-petit.fr' },
  { first: 'Zoé', last: "D'Arcy", email: 'zoe@atelier-bleu.fr' },
  { first: 'Marc', last: 'Dubois', email: 'marc@dubois-immo.fr' },
  { first: 'Éloïse', last: 'Müller', email: 'eloise.muller@globex.com' },
  { first: 'John', last: "O'Brien", email: 'john.obrien@acme.co.uk' },
  { first: 'Mary', last: 'Smith', email: 'mary.smith@initech.com' },
  { first: 'Paul', last: 'Durand', email: 'paul@boulangerie-martin.fr' },
  { first: 'Anne', last: 'de la Tour', email: 'anne@delatour.fr' },
  { first: 'Hugo', last: 'Lefèvre', email: 'hugo.lefevre@gmail.com' },
];

export const COMPANIES = [
  'Roux & Fils',
  'Acme Corp',
  'Boulangerie Martin',
  'Transports Petit',
  "L'Atelier Bleu",
  'Globex',
  'Dubois Immobilier',
  'Initech',
];

/** As typed, and in E.164 (France unless the number says otherwise). */
export const PHONES: Array<[typed: string, e164: string]> = [
  ['06 12 34 56 78', '+33612345678'],
  ['+33 6 98 76 54 32', '+33698765432'],
  ['0611223344', '+33611223344'],
  ['07.81.22.33.44', '+33781223344'],
  ['+44 20 7946 0958', '+442079460958'],
];

// Euros in every form people type them (the eval's CRMs, like a French agency's, list EUR only).
export const AMOUNTS: Array<[typed: string, amount: number, currency: string]> = [
  ['5000 €', 5000, 'EUR'],
  ['5 000 euros', 5000, 'EUR'],
  ['€12k', 12000, 'EUR'],
  ['3k€', 3000, 'EUR'],
  ['€7,500', 7500, 'EUR'],
  ['8 500 EUR', 8500, 'EUR'],
];

/** [French, English, YYYY-MM-DD] — the same day said both ways. */
export const DATES: Array<[fr: string, en: string, iso: string]> = [
  ['demain', 'tomorrow', '2026-12-08'],
  ['vendredi', 'on Friday', '2026-12-11'],
  ['le 15 janvier', 'on January 15', '2027-01-15'],
  ['dans deux semaines', 'in two weeks', '2026-12-21'],
  ['lundi prochain', 'next Monday', '2026-12-14'],
];

/** Close dates of a deal ("clôture fin janvier", "closing end of January"). */
export const CLOSES: Array<[fr: string, en: string, iso: string]> = [
  ['clôture fin janvier', 'closing end of January', '2027-01-31'],
  ['clôture le 15 mars', 'closing on March 15', '2027-03-15'],
  ['date de clôture 30/06/2027', 'close date 2027-06-30', '2027-06-30'],
];

export const DEALS = ['Refonte du site', 'Kitchen refit', 'Audit SEO', 'Nouvelle vitrine', 'CRM rollout'];

/** Quote styles people use on phones and keyboards. */
export const QUOTES: Array<[open: string, close: string]> = [
  ['« ', ' »'],
  ['“', '”'],
  ['"', '"'],
  ["'", "'"],
  ['‘', '’'],
];

/** Courtesy before a command, as typed on WhatsApp. */
export const POLITE_FR = ['', 'Bonjour MAX, ', 'stp ', 'Salut, tu peux ', 'Merci de '];
export const POLITE_EN = ['', 'Hi MAX, ', 'please ', 'Can you ', 'Hey, could you '];

/**
 * The command words as typed without accents (many phones and keyboards): "cree", "societe", "numero".
 * Names keep theirs — the record is spelled so in the CRM.
 */
export const unaccent = (s: string) =>
  s.replace(/(?<![\p{L}'])\p{Ll}[\p{L}]*/gu, (w) => w.normalize('NFD').replace(/\p{Diacritic}/gu, ''));

/** One typo in a word of six letters or more: two neighbouring letters swapped ("ajoute" → "ajotue"). */
export function typo(word: string): string {
  if (word.length < 6) return word;
  const i = Math.floor(word.length / 2);
  return word.slice(0, i - 1) + word[i] + word[i - 1] + word.slice(i + 1);
}
