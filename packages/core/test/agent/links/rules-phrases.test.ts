import { checkPhrases, checkUnknown, type Phrase } from '../contacts/phrase-check.ts';

const phrases: Phrase[] = [
  [
    'rattache Marie Dupont à Boulangerie Dupont',
    'link_records',
    { record: 'Marie Dupont', to: 'Boulangerie Dupont' },
  ],
  [
    'associe le contact Marie Dupont au compte Boulangerie Dupont',
    'link_records',
    { record: 'Marie Dupont', recordType: 'Contact', to: 'Boulangerie Dupont', toType: 'Account' },
  ],
  [
    "lie l'opportunité Site web à Marie Dupont",
    'link_records',
    { record: 'Site web', recordType: 'Opportunity', to: 'Marie Dupont' },
  ],
  ['rattache-le à Boulangerie Dupont', 'link_records', { to: 'Boulangerie Dupont' }],
  [
    'rattache marie@dupont.fr à Boulangerie Dupont',
    'link_records',
    { record: 'marie@dupont.fr', to: 'Boulangerie Dupont' },
  ],
  ['link Mary Smith to Acme Corp', 'link_records', { record: 'Mary Smith', to: 'Acme Corp' }],
  [
    'attach deal Website to account Acme',
    'link_records',
    { record: 'Website', recordType: 'Opportunity', to: 'Acme', toType: 'Account' },
  ],
  [
    'détache Marie Dupont de Boulangerie Dupont',
    'link_records',
    { record: 'Marie Dupont', to: 'Boulangerie Dupont', unlink: true },
  ],
  [
    'détache Anne de la Tour du compte Acme',
    'link_records',
    { record: 'Anne de la Tour', to: 'Acme', toType: 'Account', unlink: true },
  ],
  [
    'unlink Mary Smith from Acme Corp',
    'link_records',
    { record: 'Mary Smith', to: 'Acme Corp', unlink: true },
  ],
];

checkPhrases('rules engine: links between records (FR/EN)', phrases);

checkUnknown('link words that are not a link command', [
  'rattache',
  'link',
  'retire Marie Dupont de Boulangerie Dupont',
]);
