import { checkPhrases, type Phrase } from './phrase-check.ts';

const phrases: Phrase[] = [
  [
    'crée un contact Marie Dupont chez Boulangerie Dupont, email marie@dupont.fr',
    'create_contact',
    {
      firstName: 'Marie',
      lastName: 'Dupont',
      accountName: 'Boulangerie Dupont',
      emailAddress: 'marie@dupont.fr',
    },
  ],
  [
    'nouveau contact Zoé D’Arcy chez L’Oréal',
    'create_contact',
    { firstName: 'Zoé', lastName: "D'Arcy", accountName: "L'Oréal" },
  ],
  [
    'ajoute le contact Paul Martin entreprise Boulangerie Martin',
    'create_contact',
    { firstName: 'Paul', lastName: 'Martin', accountName: 'Boulangerie Martin' },
  ],
  [
    'Salut MAX, crée le contact Jean Petit du compte Transports Petit, tél 06 12 34 56 78',
    'create_contact',
    { firstName: 'Jean', lastName: 'Petit', accountName: 'Transports Petit', phoneNumber: '06 12 34 56 78' },
  ],
  [
    'contact : Luc Bernard, luc@bernard.fr',
    'create_contact',
    { firstName: 'Luc', lastName: 'Bernard', emailAddress: 'luc@bernard.fr' },
  ],
  [
    'ajoute Marie Curie comme contact chez Radium SA',
    'create_contact',
    { firstName: 'Marie', lastName: 'Curie', accountName: 'Radium SA' },
  ],
  [
    'create a contact Mary Smith at Acme Corp, email mary@acme.com, title CFO',
    'create_contact',
    {
      firstName: 'Mary',
      lastName: 'Smith',
      accountName: 'Acme Corp',
      emailAddress: 'mary@acme.com',
      title: 'CFO',
    },
  ],
  [
    'new contact John Doe at Globex',
    'create_contact',
    { firstName: 'John', lastName: 'Doe', accountName: 'Globex' },
  ],
  [
    'add Jane Roe as a contact at Initech',
    'create_contact',
    { firstName: 'Jane', lastName: 'Roe', accountName: 'Initech' },
  ],
  ['trouve le contact Dupont', 'find_contacts', { query: 'Dupont' }],
  ['cherche les contacts de Boulangerie Dupont', 'find_contacts', { account: 'Boulangerie Dupont' }],
  ['contacts chez Acme', 'find_contacts', { account: 'Acme' }],
  [
    'qui sont les contacts de la société Transports Petit ?',
    'find_contacts',
    { account: 'Transports Petit' },
  ],
  ['mes contacts', 'find_contacts', {}],
  ['liste les contacts', 'find_contacts', {}],
  ['cherche le contact marie@dupont.fr', 'find_contacts', { query: 'marie@dupont.fr' }],
  ['find contact Smith', 'find_contacts', { query: 'Smith' }],
  ['show me the contacts at Acme Corp', 'find_contacts', { account: 'Acme Corp' }],
  ['find contacts named Mary', 'find_contacts', { query: 'Mary' }],
  ['latest contacts', 'find_contacts', {}],
  [
    "change l'email du contact Marie Dupont en marie.d@dupont.fr",
    'update_contact',
    { target: 'Marie Dupont', changes: { emailAddress: 'marie.d@dupont.fr' } },
  ],
  [
    'mets à jour le téléphone du contact Dupont : 07 11 22 33 44',
    'update_contact',
    { target: 'Dupont', changes: { phoneNumber: '07 11 22 33 44' } },
  ],
  [
    'change le poste du contact Marie Dupont en Gérante',
    'update_contact',
    { target: 'Marie Dupont', changes: { title: 'Gérante' } },
  ],
  [
    'change la société du contact Marie Dupont en Boulangerie Martin',
    'update_contact',
    { target: 'Marie Dupont', changes: { accountName: 'Boulangerie Martin' } },
  ],
  [
    "update contact Mary Smith's phone to +44 20 7946 0958",
    'update_contact',
    { target: 'Mary Smith', changes: { phoneNumber: '+44 20 7946 0958' } },
  ],
  [
    'set the title of contact Mary Smith to CEO',
    'update_contact',
    { target: 'Mary Smith', changes: { title: 'CEO' } },
  ],
];

checkPhrases('rules engine: contacts (FR/EN)', phrases);
