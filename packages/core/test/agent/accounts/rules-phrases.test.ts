import { checkPhrases, type Phrase } from '../contacts/phrase-check.ts';

const phrases: Phrase[] = [
  ['crée un compte Boulangerie Dupont', 'create_account', { name: 'Boulangerie Dupont' }],
  [
    "crée l'entreprise Boulangerie Dupont, site boulangerie-dupont.fr, tél 01 42 00 00 00, email contact@boulangerie-dupont.fr",
    'create_account',
    {
      name: 'Boulangerie Dupont',
      website: 'boulangerie-dupont.fr',
      phoneNumber: '01 42 00 00 00',
      emailAddress: 'contact@boulangerie-dupont.fr',
    },
  ],
  ['nouvelle société Transports Petit & Fils', 'create_account', { name: 'Transports Petit & Fils' }],
  [
    'ajoute la société Acme, secteur Retail, type client',
    'create_account',
    { name: 'Acme', industry: 'Retail', type: 'Customer' },
  ],
  [
    'create an account Acme Corp, website https://acme.com',
    'create_account',
    { name: 'Acme Corp', website: 'https://acme.com' },
  ],
  ['new company Globex, industry Technology', 'create_account', { name: 'Globex', industry: 'Technology' }],
  ['add company Initech, type partner', 'create_account', { name: 'Initech', type: 'Partner' }],
  ['trouve le compte Boulangerie', 'find_accounts', { query: 'Boulangerie' }],
  ['cherche la société Acme', 'find_accounts', { query: 'Acme' }],
  ['liste les comptes', 'find_accounts', {}],
  ['mes sociétés du secteur Retail', 'find_accounts', { industry: 'Retail' }],
  ['find account Acme', 'find_accounts', { query: 'Acme' }],
  ['show companies', 'find_accounts', {}],
  ['list companies in the Technology industry', 'find_accounts', { industry: 'Technology' }],
  ['list accounts of type partner', 'find_accounts', { type: 'Partner' }],
  [
    'change le site du compte Boulangerie Dupont en boulangerie-dupont.com',
    'update_account',
    { target: 'Boulangerie Dupont', changes: { website: 'boulangerie-dupont.com' } },
  ],
  [
    'mets à jour le téléphone de la société Acme : 01 42 11 22 33',
    'update_account',
    { target: 'Acme', changes: { phoneNumber: '01 42 11 22 33' } },
  ],
  [
    'le secteur du compte Acme est Retail',
    'update_account',
    { target: 'Acme', changes: { industry: 'Retail' } },
  ],
  [
    'set the website of account Acme Corp to acme.io',
    'update_account',
    { target: 'Acme Corp', changes: { website: 'acme.io' } },
  ],
  [
    "update account Globex's type to customer",
    'update_account',
    { target: 'Globex', changes: { type: 'Customer' } },
  ],
];

checkPhrases('rules engine: accounts (FR/EN)', phrases);
