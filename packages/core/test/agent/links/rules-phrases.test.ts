import { checkPhrases, checkUnknown, type Phrase } from '../contacts/phrase-check.ts';

const phrases: Phrase[] = [
  [
    'rattache Marie Dupont à Boulangerie Dupont',
    'link_records',
    { record: { name: 'Marie Dupont' }, to: { name: 'Boulangerie Dupont' } },
  ],
  [
    'associe le contact Marie Dupont au compte Boulangerie Dupont',
    'link_records',
    {
      record: { entity: 'Contact', name: 'Marie Dupont' },
      to: { entity: 'Account', name: 'Boulangerie Dupont' },
    },
  ],
  [
    "lie l'opportunité Site web à Marie Dupont",
    'link_records',
    { record: { entity: 'Opportunity', name: 'Site web' }, to: { name: 'Marie Dupont' } },
  ],
  ['rattache-le à Boulangerie Dupont', 'link_records', { record: {}, to: { name: 'Boulangerie Dupont' } }],
  [
    'link Mary Smith to Acme Corp',
    'link_records',
    { record: { name: 'Mary Smith' }, to: { name: 'Acme Corp' } },
  ],
  [
    'attach deal Website to account Acme',
    'link_records',
    { record: { entity: 'Opportunity', name: 'Website' }, to: { entity: 'Account', name: 'Acme' } },
  ],
  [
    'détache Marie Dupont de Boulangerie Dupont',
    'unlink_records',
    { record: { name: 'Marie Dupont' }, from: { name: 'Boulangerie Dupont' } },
  ],
  [
    'détache Anne de la Tour du compte Acme',
    'unlink_records',
    { record: { name: 'Anne de la Tour' }, from: { entity: 'Account', name: 'Acme' } },
  ],
  [
    'unlink Mary Smith from Acme Corp',
    'unlink_records',
    { record: { name: 'Mary Smith' }, from: { name: 'Acme Corp' } },
  ],
];

checkPhrases('rules engine: links between records (FR/EN)', phrases);

checkUnknown('link words that are not a link command', [
  'rattache',
  'link',
  'retire Marie Dupont de Boulangerie Dupont',
]);
