/** Templates for leads, contacts, companies and deals: word orders × slot forms × FR/EN. */
import type { Family } from './case.ts';
import { pick } from './case.ts';
import { AMOUNTS, CLOSES, COMPANIES, DEALS, PEOPLE, PHONES, QUOTES } from './pools.ts';

const who = (i: number) => {
  const p = pick(PEOPLE, i);
  return { p, name: `${p.first} ${p.last}`, split: { firstName: p.first, lastName: p.last } };
};
const co = (i: number) => pick(COMPANIES, i + 3);
const ph = (i: number) => pick(PHONES, i);
const q = (s: string, i: number) => `${pick(QUOTES, i)[0]}${s}${pick(QUOTES, i)[1]}`;

export const leadCreate: Family = {
  intent: 'lead-create',
  tool: 'create_lead',
  n: 4,
  fr: [
    (i) => ({
      text: `${pick(['crée', 'ajoute', 'enregistre'], i)} un lead ${who(i).name}, ${who(i).p.email}`,
      args: { ...who(i).split, emailAddress: who(i).p.email },
    }),
    (i) => ({
      text: `ajoute ${who(i).name} de la société ${co(i)}, ${who(i).p.email}, ${ph(i)[0]}`,
      args: { ...who(i).split, accountName: co(i), emailAddress: who(i).p.email, phoneNumber: ph(i)[1] },
    }),
    (i) => ({
      text: `nouveau prospect : ${who(i).name}, ${who(i).p.email}, ${co(i)}`,
      args: { ...who(i).split, emailAddress: who(i).p.email, accountName: co(i) },
    }),
    (i) => ({
      text: `crée le lead ${who(i).name} chez ${co(i)}, tél ${ph(i)[0]}`,
      args: { ...who(i).split, accountName: co(i), phoneNumber: ph(i)[1] },
    }),
    (i) => ({
      text: `ajoute ${who(i).name} comme lead, son mail ${who(i).p.email}`,
      args: { ...who(i).split, emailAddress: who(i).p.email },
    }),
    (i) => ({
      text: `nouveau lead ${who(i).name} (${who(i).p.email}) de chez ${co(i)}`,
      args: { ...who(i).split, emailAddress: who(i).p.email, accountName: co(i) },
    }),
  ],
  en: [
    (i) => ({
      text: `create a lead for ${who(i).name}, ${who(i).p.email}`,
      args: { ...who(i).split, emailAddress: who(i).p.email },
    }),
    (i) => ({
      text: `Please add ${who(i).name} (${who(i).p.email}) from ${co(i)} as a new lead`,
      args: { ...who(i).split, emailAddress: who(i).p.email, accountName: co(i) },
    }),
    (i) => ({
      text: `add a new lead: ${who(i).name}, ${who(i).p.email}, ${co(i)}`,
      args: { ...who(i).split, emailAddress: who(i).p.email, accountName: co(i) },
    }),
    (i) => ({
      text: `new lead ${who(i).name} at ${co(i)}, phone ${ph(i)[0]}`,
      args: { ...who(i).split, accountName: co(i), phoneNumber: ph(i)[1] },
    }),
    (i) => ({
      text: `add ${who(i).name} from ${co(i)} as a lead, email ${who(i).p.email}`,
      args: { ...who(i).split, accountName: co(i), emailAddress: who(i).p.email },
    }),
    (i) => ({
      text: `save a new lead ${who(i).name}, ${ph(i)[0]}`,
      args: { ...who(i).split, phoneNumber: ph(i)[1] },
    }),
  ],
};

export const contactCreate: Family = {
  intent: 'contact-create',
  tool: 'create_contact',
  n: 3,
  fr: [
    (i) => ({
      text: `crée un contact ${who(i).name} chez ${co(i)}`,
      args: { ...who(i).split, accountName: co(i) },
    }),
    (i) => ({
      text: `nouveau contact : ${who(i).name}, ${who(i).p.email}, ${co(i)}`,
      args: { ...who(i).split, emailAddress: who(i).p.email, accountName: co(i) },
    }),
    (i) => ({
      text: `ajoute le contact ${who(i).name} de la société ${co(i)}, tél ${ph(i)[0]}`,
      args: { ...who(i).split, accountName: co(i), phoneNumber: ph(i)[1] },
    }),
    (i) => ({
      text: `ajoute ${who(i).name} comme contact chez ${co(i)}`,
      args: { ...who(i).split, accountName: co(i) },
    }),
  ],
  en: [
    (i) => ({
      text: `create a contact ${who(i).name} at ${co(i)}, ${who(i).p.email}`,
      args: { ...who(i).split, accountName: co(i), emailAddress: who(i).p.email },
    }),
    (i) => ({
      text: `new contact: ${who(i).name}, ${who(i).p.email}, ${co(i)}`,
      args: { ...who(i).split, emailAddress: who(i).p.email, accountName: co(i) },
    }),
    (i) => ({
      text: `add ${who(i).name} from ${co(i)} as a contact`,
      args: { ...who(i).split, accountName: co(i) },
    }),
    (i) => ({
      text: `add contact ${who(i).name}, phone ${ph(i)[0]}`,
      args: { ...who(i).split, phoneNumber: ph(i)[1] },
    }),
  ],
};

const site = (i: number) => pick(['roux-fils.fr', 'www.acme.com', 'boulangerie-martin.fr', 'globex.io'], i);

export const accountCreate: Family = {
  intent: 'account-create',
  tool: 'create_account',
  n: 3,
  fr: [
    (i) => ({ text: `crée la société ${co(i)}`, args: { name: co(i) } }),
    (i) => ({ text: `nouveau compte ${co(i)}, site ${site(i)}`, args: { name: co(i), website: site(i) } }),
    (i) => ({
      text: `ajoute l'entreprise ${co(i)}, tél ${ph(i)[0]}`,
      args: { name: co(i), phoneNumber: ph(i)[1] },
    }),
  ],
  en: [
    (i) => ({ text: `create an account ${co(i)}`, args: { name: co(i) } }),
    (i) => ({ text: `new company ${co(i)}, website ${site(i)}`, args: { name: co(i), website: site(i) } }),
    (i) => ({
      text: `add the company ${co(i)}, phone ${ph(i)[0]}`,
      args: { name: co(i), phoneNumber: ph(i)[1] },
    }),
  ],
};

const deal = (i: number) => pick(DEALS, i);
const amt = (i: number) => pick(AMOUNTS, i);
const close = (i: number) => pick(CLOSES, i);
const money = (i: number) => ({ amount: amt(i)[1], currency: amt(i)[2] });

export const dealCreate: Family = {
  intent: 'deal-create',
  tool: 'create_opportunity',
  n: 4,
  fr: [
    (i) => ({
      text: `crée une opportunité ${q(deal(i), i)} pour ${co(i)}, ${amt(i)[0]}, ${close(i)[0]}`,
      args: { name: deal(i), account: co(i), ...money(i), closeDate: close(i)[2] },
    }),
    (i) => ({
      text: `nouvelle affaire ${q(deal(i), i + 1)} chez ${co(i)} : ${amt(i)[0]}`,
      args: { name: deal(i), account: co(i), ...money(i) },
    }),
    (i) => ({
      text: `ajoute un deal ${q(deal(i), i + 2)} de ${amt(i)[0]} pour ${co(i)}`,
      args: { name: deal(i), account: co(i), ...money(i) },
    }),
  ],
  en: [
    (i) => ({
      text: `create a deal ${q(deal(i), i)} for ${co(i)}, ${amt(i)[0]}, ${close(i)[1]}`,
      args: { name: deal(i), account: co(i), ...money(i), closeDate: close(i)[2] },
    }),
    (i) => ({
      text: `new opportunity ${q(deal(i), i + 1)} with ${co(i)}, ${amt(i)[0]}`,
      args: { name: deal(i), account: co(i), ...money(i) },
    }),
    (i) => ({
      text: `add a deal ${q(deal(i), i + 2)} for ${co(i)}: ${amt(i)[0]}, ${close(i)[1]}`,
      args: { name: deal(i), account: co(i), ...money(i), closeDate: close(i)[2] },
    }),
  ],
};

export const leadUpdate: Family = {
  intent: 'lead-update',
  tool: 'update_lead',
  n: 3,
  fr: [
    (i) => ({
      text: `change le téléphone de ${who(i).name} en ${ph(i)[0]}`,
      args: { target: { name: who(i).name }, changes: { phoneNumber: ph(i)[1] } },
    }),
    (i) => ({
      text: `nouveau numéro pour ${who(i).name} : ${ph(i)[0]}`,
      args: { target: { name: who(i).name }, changes: { phoneNumber: ph(i)[1] } },
    }),
    (i) => ({
      text: `mets à jour l'email de ${who(i).name} : ${who(i).p.email}`,
      args: { target: { name: who(i).name }, changes: { emailAddress: who(i).p.email } },
    }),
    (i) => ({
      text: `le mail de ${who(i).name} est maintenant ${who(i).p.email}`,
      args: { target: { name: who(i).name }, changes: { emailAddress: who(i).p.email } },
    }),
  ],
  en: [
    (i) => ({
      text: `update ${who(i).name} phone to ${ph(i)[0]}`,
      args: { target: { name: who(i).name }, changes: { phoneNumber: ph(i)[1] } },
    }),
    (i) => ({
      text: `change ${who(i).name}'s email to ${who(i).p.email}`,
      args: { target: { name: who(i).name }, changes: { emailAddress: who(i).p.email } },
    }),
    (i) => ({
      text: `set the email of ${who(i).name} to ${who(i).p.email}`,
      args: { target: { name: who(i).name }, changes: { emailAddress: who(i).p.email } },
    }),
    (i) => ({
      text: `new phone number for ${who(i).name}: ${ph(i)[0]}`,
      args: { target: { name: who(i).name }, changes: { phoneNumber: ph(i)[1] } },
    }),
  ],
};

const STATUS_FR: Array<[string, string]> = [
  ['en cours', 'In Process'],
  ['perdu', 'Dead'],
  ['converti', 'Converted'],
  ['recyclé', 'Recycled'],
];
const STATUS_EN: Array<[string, string]> = [
  ['in process', 'In Process'],
  ['lost', 'Dead'],
  ['converted', 'Converted'],
  ['recycled', 'Recycled'],
];

export const leadStatus: Family = {
  intent: 'lead-status',
  tool: 'change_status',
  n: 3,
  fr: [
    (i) => ({
      text: `passe ${who(i).name} en ${pick(STATUS_FR, i)[0].replace(/^en /, '')}`,
      args: { target: { name: who(i).name }, status: pick(STATUS_FR, i)[1] },
    }),
    (i) => ({
      text: `le lead ${who(i).name} est ${pick(STATUS_FR, i + 1)[0]}`,
      args: { target: { name: who(i).name }, status: pick(STATUS_FR, i + 1)[1] },
    }),
    (i) => ({
      text: `mets ${who(i).name} au statut ${pick(STATUS_FR, i + 2)[0]}`,
      args: { target: { name: who(i).name }, status: pick(STATUS_FR, i + 2)[1] },
    }),
    (i) => ({
      text: `statut de ${who(i).name} : ${pick(STATUS_FR, i + 3)[0]}`,
      args: { target: { name: who(i).name }, status: pick(STATUS_FR, i + 3)[1] },
    }),
  ],
  en: [
    (i) => ({
      text: `mark ${who(i).name} as ${pick(STATUS_EN, i)[0]}`,
      args: { target: { name: who(i).name }, status: pick(STATUS_EN, i)[1] },
    }),
    (i) => ({
      text: `set ${who(i).name}'s status to ${pick(STATUS_EN, i + 1)[0]}`,
      args: { target: { name: who(i).name }, status: pick(STATUS_EN, i + 1)[1] },
    }),
    (i) => ({
      text: `move lead ${who(i).name} to ${pick(STATUS_EN, i + 2)[0]}`,
      args: { target: { name: who(i).name }, status: pick(STATUS_EN, i + 2)[1] },
    }),
    (i) => ({
      text: `change the status of ${who(i).name} to ${pick(STATUS_EN, i + 3)[0]}`,
      args: { target: { name: who(i).name }, status: pick(STATUS_EN, i + 3)[1] },
    }),
  ],
};
