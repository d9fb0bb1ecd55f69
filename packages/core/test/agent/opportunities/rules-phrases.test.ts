import { checkPhrases, checkUnknown, type Phrase } from '../contacts/phrase-check.ts';

const phrases: Phrase[] = [
  [
    'crée une opportunité Site web pour Boulangerie Dupont, 5000 €, clôture le 15 décembre',
    'create_opportunity',
    {
      name: 'Site web',
      account: 'Boulangerie Dupont',
      amount: 5000,
      currency: 'EUR',
      closeDate: '2026-12-15',
    },
  ],
  [
    'nouvelle affaire pour Acme de 12 000 €',
    'create_opportunity',
    { account: 'Acme', amount: 12000, currency: 'EUR' },
  ],
  [
    'nouvelle opportunité Refonte site pour Transports Petit, 3 500 euros, étape proposition',
    'create_opportunity',
    { name: 'Refonte site', account: 'Transports Petit', amount: 3500, currency: 'EUR', stage: 'Proposal' },
  ],
  [
    'crée une opportunité Maintenance avec Marie Dupont, montant 800',
    'create_opportunity',
    { name: 'Maintenance', account: 'Marie Dupont', amount: 800 },
  ],
  [
    'create an opportunity Website for Acme Corp, $5,000, closing 2026-12-31',
    'create_opportunity',
    { name: 'Website', account: 'Acme Corp', amount: 5000, currency: 'USD', closeDate: '2026-12-31' },
  ],
  [
    'new deal Support plan with Globex, 1.5k EUR',
    'create_opportunity',
    { name: 'Support plan', account: 'Globex', amount: 1500, currency: 'EUR' },
  ],
  ['crée une opportunité Site web pour Acme', 'create_opportunity', { name: 'Site web', account: 'Acme' }],
  ['opportunités de Boulangerie Dupont', 'find_opportunities', { account: 'Boulangerie Dupont' }],
  ['liste les opportunités ouvertes', 'find_opportunities', { open: true }],
  ['mes affaires en cours', 'find_opportunities', { open: true }],
  ['opportunités en négociation', 'find_opportunities', { stage: 'Negotiation' }],
  ['montre les opportunités gagnées', 'find_opportunities', { stage: 'Closed Won' }],
  ["trouve l'opportunité Site web", 'find_opportunities', { query: 'Site web' }],
  ['find opportunities for Acme', 'find_opportunities', { account: 'Acme' }],
  ['open deals', 'find_opportunities', { open: true }],
  ['show me the pipeline', 'find_opportunities', { open: true }],
  ['won deals', 'find_opportunities', { stage: 'Closed Won' }],
  ['deals in proposal', 'find_opportunities', { stage: 'Proposal' }],
  [
    "passe l'opportunité Site web en négociation",
    'update_opportunity',
    { target: 'Site web', changes: { stage: 'Negotiation' } },
  ],
  [
    "l'opportunité Site web est gagnée",
    'update_opportunity',
    { target: 'Site web', changes: { stage: 'Closed Won' } },
  ],
  [
    'mark deal Website as lost',
    'update_opportunity',
    { target: 'Website', changes: { stage: 'Closed Lost' } },
  ],
  [
    "change le montant de l'opportunité Site web à 6000 €",
    'update_opportunity',
    { target: 'Site web', changes: { amount: 6000, currency: 'EUR' } },
  ],
  [
    "décale la clôture de l'opportunité Site web au 20 janvier",
    'update_opportunity',
    { target: 'Site web', changes: { closeDate: '2027-01-20' } },
  ],
  [
    "change l'étape de l'opportunité Site web en proposition",
    'update_opportunity',
    { target: 'Site web', changes: { stage: 'Proposal' } },
  ],
  [
    'set the amount of deal Website to 7500',
    'update_opportunity',
    { target: 'Website', changes: { amount: 7500 } },
  ],
  [
    'move the close date of deal Website to 2027-01-20',
    'update_opportunity',
    { target: 'Website', changes: { closeDate: '2027-01-20' } },
  ],
  ['convertis le lead Dupont', 'convert_lead', { target: 'Dupont' }],
  ['convertis le lead marie@dupont.fr', 'convert_lead', { target: 'marie@dupont.fr' }],
  ['convertis-le', 'convert_lead', {}],
  ['convertis ce lead en contact', 'convert_lead', {}],
  [
    'convertis le lead Dupont avec une opportunité de 5000 €',
    'convert_lead',
    { target: 'Dupont', amount: 5000, currency: 'EUR' },
  ],
  [
    'transforme le lead Marie Dupont en client, opportunité 3000 €',
    'convert_lead',
    { target: 'Marie Dupont', amount: 3000, currency: 'EUR' },
  ],
  ['convert lead Smith', 'convert_lead', { target: 'Smith' }],
  ['convert Mary Smith into a contact', 'convert_lead', { target: 'Mary Smith' }],
  [
    'convert the lead Mary Smith with a $5,000 deal',
    'convert_lead',
    { target: 'Mary Smith', amount: 5000, currency: 'USD' },
  ],
];

checkPhrases('rules engine: opportunities and lead conversion (FR/EN)', phrases);

checkUnknown('not an opportunity command', [
  "l'opportunité Site web est à revoir",
  'quel est le chiffre d’affaires ?',
  'convertis',
  'transforme ce devis en facture',
]);
