/** The phrase table: message → the exact tool call the rules engine must produce. Today is Monday 2026-11-23. */
export const TODAY = '2026-11-23';

export type Phrase = [text: string, tool: string, args: Record<string, unknown>];

export const createPhrases: Phrase[] = [
  [
    'Salut MAX, crée un lead pour Test E2E, email e2e@test.com',
    'create_lead',
    { firstName: 'Test', lastName: 'E2E', emailAddress: 'e2e@test.com' },
  ],
  [
    'nouveau lead Jean-Pierre Le Gall de la société Transports Martin, tél 06 12 34 56 78',
    'create_lead',
    {
      firstName: 'Jean-Pierre',
      lastName: 'Le Gall',
      accountName: 'Transports Martin',
      phoneNumber: '06 12 34 56 78',
    },
  ],
  [
    "ajoute un prospect Zoé D'Arcy chez L'Oréal email zoe@loreal.fr",
    'create_lead',
    { firstName: 'Zoé', lastName: "D'Arcy", accountName: "L'Oréal", emailAddress: 'zoe@loreal.fr' },
  ],
  [
    // Issue 14: a contact is a Contact now (create_contact), no longer a lead.
    'nouveau contact Zoé D’Arcy chez L’Oréal',
    'create_contact',
    { firstName: 'Zoé', lastName: "D'Arcy", accountName: "L'Oréal" },
  ],
  [
    "create a lead for John O'Brien at Acme Corp, phone +44 20 7946 0958, email john@acme.co.uk",
    'create_lead',
    {
      firstName: 'John',
      lastName: "O'Brien",
      accountName: 'Acme Corp',
      phoneNumber: '+44 20 7946 0958',
      emailAddress: 'john@acme.co.uk',
    },
  ],
  [
    'lead: Marie Dupont marie@x.fr 0612345678',
    'create_lead',
    { firstName: 'Marie', lastName: 'Dupont', emailAddress: 'marie@x.fr', phoneNumber: '0612345678' },
  ],
  [
    'Lead : Paul Durand, paul@durand.fr',
    'create_lead',
    { firstName: 'Paul', lastName: 'Durand', emailAddress: 'paul@durand.fr' },
  ],
  [
    'email marie@x.fr, crée le lead Marie Dupont',
    'create_lead',
    { firstName: 'Marie', lastName: 'Dupont', emailAddress: 'marie@x.fr' },
  ],
  [
    'crée un lead Marie Dupont, 06 12 34 56 78, marie@x.fr, chez Acme',
    'create_lead',
    {
      firstName: 'Marie',
      lastName: 'Dupont',
      emailAddress: 'marie@x.fr',
      phoneNumber: '06 12 34 56 78',
      accountName: 'Acme',
    },
  ],
  ['Bonjour, crée un lead Éloïse Müller', 'create_lead', { firstName: 'Éloïse', lastName: 'Müller' }],
  [
    'crée un lead François Lefèvre, email francois@lefevre.fr, tél 07.11.22.33.44',
    'create_lead',
    {
      firstName: 'François',
      lastName: 'Lefèvre',
      emailAddress: 'francois@lefevre.fr',
      phoneNumber: '07.11.22.33.44',
    },
  ],
  ['crée un lead Dupont', 'create_lead', { lastName: 'Dupont' }],
  [
    'new lead Anna Schmidt from Siemens AG, phone +49 30 1234567',
    'create_lead',
    { firstName: 'Anna', lastName: 'Schmidt', accountName: 'Siemens AG', phoneNumber: '+49 30 1234567' },
  ],
  [
    'hi MAX please create a lead for Mary Smith, email mary@smith.com',
    'create_lead',
    { firstName: 'Mary', lastName: 'Smith', emailAddress: 'mary@smith.com' },
  ],
  [
    'ajoute le contact Paul Martin entreprise Boulangerie Martin',
    'create_contact',
    { firstName: 'Paul', lastName: 'Martin', accountName: 'Boulangerie Martin' },
  ],
  [
    'crée un lead pour Léa Dubois-Roche, 0033 6 12 34 56 78',
    'create_lead',
    { firstName: 'Léa', lastName: 'Dubois-Roche', phoneNumber: '0033 6 12 34 56 78' },
  ],
  [
    'add a lead named Chloe Brown, email chloe@brown.io stp',
    'create_lead',
    { firstName: 'Chloe', lastName: 'Brown', emailAddress: 'chloe@brown.io' },
  ],
  [
    'Bonjour MAX, peux-tu créer un lead Sophie Martin, sophie@martin.fr ?',
    'create_lead',
    { firstName: 'Sophie', lastName: 'Martin', emailAddress: 'sophie@martin.fr' },
  ],
  [
    'crée un nouveau lead : Jean Dupont, société Acme, tél. +33 6 12 34 56 78',
    'create_lead',
    { firstName: 'Jean', lastName: 'Dupont', accountName: 'Acme', phoneNumber: '+33 6 12 34 56 78' },
  ],
  [
    'Crée le prospect Anne-Marie de la Fontaine de chez Orange, mobile 06-12-34-56-78',
    'create_lead',
    {
      firstName: 'Anne-Marie',
      lastName: 'de la Fontaine',
      accountName: 'Orange',
      phoneNumber: '06-12-34-56-78',
    },
  ],
  [
    'crée un lead Pierre van der Berg email pierre@vdb.nl',
    'create_lead',
    { firstName: 'Pierre', lastName: 'van der Berg', emailAddress: 'pierre@vdb.nl' },
  ],
  [
    'create lead Ludwig von Beethoven, company Musik GmbH',
    'create_lead',
    { firstName: 'Ludwig', lastName: 'von Beethoven', accountName: 'Musik GmbH' },
  ],
  ['create a lead for Jean d’Ormesson', 'create_lead', { firstName: 'Jean', lastName: "d'Ormesson" }],
  ['nouveau lead Marie Claire Dupont', 'create_lead', { firstName: 'Marie Claire', lastName: 'Dupont' }],
  [
    "crée un lead pour Marie Dupont avec l'email marie@x.fr et le tel 0612345678",
    'create_lead',
    { firstName: 'Marie', lastName: 'Dupont', emailAddress: 'marie@x.fr', phoneNumber: '0612345678' },
  ],
  [
    'crée un lead pour Dupont, portable 06 12 34 56 78, entreprise Dupont SARL',
    'create_lead',
    { lastName: 'Dupont', phoneNumber: '06 12 34 56 78', accountName: 'Dupont SARL' },
  ],
  [
    'please create a lead Jane Doe jane@doe.com thanks',
    'create_lead',
    { firstName: 'Jane', lastName: 'Doe', emailAddress: 'jane@doe.com' },
  ],
  ['merci de créer un lead Julie Petit', 'create_lead', { firstName: 'Julie', lastName: 'Petit' }],
  [
    'crée un lead Julie Petit, titre directrice commerciale',
    'create_lead',
    { firstName: 'Julie', lastName: 'Petit', title: 'directrice commerciale' },
  ],
  [
    'hi MAX, create a lead for Tom Hanks at Playtone, title producer',
    'create_lead',
    { firstName: 'Tom', lastName: 'Hanks', accountName: 'Playtone', title: 'producer' },
  ],
  [
    'ajoute Marie Dupont comme lead, email marie@x.fr',
    'create_lead',
    { firstName: 'Marie', lastName: 'Dupont', emailAddress: 'marie@x.fr' },
  ],
  ['MAX, crée un lead Max Durand', 'create_lead', { firstName: 'Max', lastName: 'Durand' }],
  [
    'create lead Seán Ó Briain email sean@x.ie',
    'create_lead',
    { firstName: 'Seán', lastName: 'Ó Briain', emailAddress: 'sean@x.ie' },
  ],
];

export const findPhrases: Phrase[] = [
  ['trouve le lead Dupont', 'find_leads', { query: 'Dupont' }],
  ['cherche marie@x.fr', 'find_leads', { emailAddress: 'marie@x.fr' }],
  ['find lead John', 'find_leads', { query: 'John' }],
  ['search leads at Acme', 'find_leads', { query: 'Acme' }],
  ['qui est 06 12 34 56 78 ?', 'find_leads', { phoneNumber: '06 12 34 56 78' }],
  ['montre-moi les leads de Transports Martin', 'find_leads', { query: 'Transports Martin' }],
  ['recherche Éloïse Müller', 'find_leads', { query: 'Éloïse Müller' }],
  ['find john@acme.co.uk', 'find_leads', { emailAddress: 'john@acme.co.uk' }],
  ['cherche le prospect Le Gall', 'find_leads', { query: 'Le Gall' }],
  ['who is +44 20 7946 0958', 'find_leads', { phoneNumber: '+44 20 7946 0958' }],
  ['cherche les leads de la société Acme', 'find_leads', { query: 'Acme' }],
  ['find leads from Acme Corp', 'find_leads', { query: 'Acme Corp' }],
  ['find all leads named Smith', 'find_leads', { query: 'Smith' }],
  ["c'est qui 0612345678", 'find_leads', { phoneNumber: '0612345678' }],
  ['qui est Dupont ?', 'find_leads', { query: 'Dupont' }],
  ['who is Mary Smith?', 'find_leads', { query: 'Mary Smith' }],
  ['Bonjour, pouvez-vous trouver Marie Dupont ?', 'find_leads', { query: 'Marie Dupont' }],
  ['thanks, find Mary', 'find_leads', { query: 'Mary' }],
  ['montre les leads perdus', 'find_leads', { status: 'Dead' }],
  ['find lost leads', 'find_leads', { status: 'Dead' }],
  ['trouve les leads en cours', 'find_leads', { status: 'In Process' }],
  ['liste les leads convertis', 'find_leads', { status: 'Converted' }],
];

export const updatePhrases: Phrase[] = [
  [
    "change l'email de Marie Dupont en marie.d@x.fr",
    'update_lead',
    { target: { name: 'Marie Dupont' }, changes: { emailAddress: 'marie.d@x.fr' } },
  ],
  [
    'mets à jour le téléphone de Dupont : 07 11 22 33 44',
    'update_lead',
    { target: { name: 'Dupont' }, changes: { phoneNumber: '07 11 22 33 44' } },
  ],
  [
    "update John O'Brien's phone to +1 415 555 0100",
    'update_lead',
    { target: { name: "John O'Brien" }, changes: { phoneNumber: '+1 415 555 0100' } },
  ],
  [
    'set company of marie@x.fr to Acme',
    'update_lead',
    { target: { emailAddress: 'marie@x.fr' }, changes: { accountName: 'Acme' } },
  ],
  [
    "change la société de Zoé D'Arcy en Chanel",
    'update_lead',
    { target: { name: "Zoé D'Arcy" }, changes: { accountName: 'Chanel' } },
  ],
  [
    'modifie le titre de Paul Martin en Directeur commercial',
    'update_lead',
    { target: { name: 'Paul Martin' }, changes: { title: 'Directeur commercial' } },
  ],
  [
    'change email of Mary Smith to mary@newco.com',
    'update_lead',
    { target: { name: 'Mary Smith' }, changes: { emailAddress: 'mary@newco.com' } },
  ],
  [
    'update the website of chloe@brown.io to https://brown.io',
    'update_lead',
    { target: { emailAddress: 'chloe@brown.io' }, changes: { website: 'https://brown.io' } },
  ],
  ['change son email en new@x.fr', 'update_lead', { target: {}, changes: { emailAddress: 'new@x.fr' } }],
  [
    "modifie l'entreprise de Dupont : Acme SAS",
    'update_lead',
    { target: { name: 'Dupont' }, changes: { accountName: 'Acme SAS' } },
  ],
  [
    'update email for Mary Smith to mary@smith.io',
    'update_lead',
    { target: { name: 'Mary Smith' }, changes: { emailAddress: 'mary@smith.io' } },
  ],
  [
    'set John’s company to Globex',
    'update_lead',
    { target: { name: 'John' }, changes: { accountName: 'Globex' } },
  ],
  [
    "mets à jour l'email de 0612345678 : a@b.fr",
    'update_lead',
    { target: { phoneNumber: '0612345678' }, changes: { emailAddress: 'a@b.fr' } },
  ],
  [
    'le prénom de Dupont est Marie',
    'update_lead',
    { target: { name: 'Dupont' }, changes: { firstName: 'Marie' } },
  ],
  [
    'le nouveau numéro de Dupont : 06 99 88 77 66',
    'update_lead',
    { target: { name: 'Dupont' }, changes: { phoneNumber: '06 99 88 77 66' } },
  ],
  [
    'change le nom de Dupont en Durand',
    'update_lead',
    { target: { name: 'Dupont' }, changes: { lastName: 'Durand' } },
  ],
  [
    'update John’s email to john@new.com please',
    'update_lead',
    { target: { name: 'John' }, changes: { emailAddress: 'john@new.com' } },
  ],
];

export const statusPhrases: Phrase[] = [
  [
    'passe Marie Dupont en cours',
    'change_status',
    { target: { name: 'Marie Dupont' }, status: 'In Process' },
  ],
  ['Dupont est perdu', 'change_status', { target: { name: 'Dupont' }, status: 'Dead' }],
  [
    "mark John O'Brien as converted",
    'change_status',
    { target: { name: "John O'Brien" }, status: 'Converted' },
  ],
  [
    'statut de marie@x.fr : converti',
    'change_status',
    { target: { emailAddress: 'marie@x.fr' }, status: 'Converted' },
  ],
  ['passe le lead Le Gall en recyclé', 'change_status', { target: { name: 'Le Gall' }, status: 'Recycled' }],
  ['mark Mary Smith as lost', 'change_status', { target: { name: 'Mary Smith' }, status: 'Dead' }],
  [
    'set status of chloe@brown.io to assigned',
    'change_status',
    { target: { emailAddress: 'chloe@brown.io' }, status: 'Assigned' },
  ],
  ['passe-le en cours', 'change_status', { target: {}, status: 'In Process' }],
  [
    'passe le statut de Dupont à converti',
    'change_status',
    { target: { name: 'Dupont' }, status: 'Converted' },
  ],
  ['Marie Dupont est gagnée', 'change_status', { target: { name: 'Marie Dupont' }, status: 'Converted' }],
  ['marque Dupont comme perdu', 'change_status', { target: { name: 'Dupont' }, status: 'Dead' }],
  ['mark it as won', 'change_status', { target: {}, status: 'Converted' }],
  ['set status to in progress', 'change_status', { target: {}, status: 'In Process' }],
  ['statut : en cours', 'change_status', { target: {}, status: 'In Process' }],
  ['change son statut en gagné', 'change_status', { target: {}, status: 'Converted' }],
  [
    'change le statut de Marie Dupont en assigné',
    'change_status',
    { target: { name: 'Marie Dupont' }, status: 'Assigned' },
  ],
  ['Status of Mary Smith: won', 'change_status', { target: { name: 'Mary Smith' }, status: 'Converted' }],
  ['update the status of John to lost', 'change_status', { target: { name: 'John' }, status: 'Dead' }],
  ['mets Dupont en perdu stp', 'change_status', { target: { name: 'Dupont' }, status: 'Dead' }],
  ['Dupont est nouveau', 'change_status', { target: { name: 'Dupont' }, status: 'New' }],
  [
    'passe 06 12 34 56 78 en abandonné',
    'change_status',
    { target: { phoneNumber: '06 12 34 56 78' }, status: 'Dead' },
  ],
];

export const notePhrases: Phrase[] = [
  [
    'ajoute une note à Marie Dupont : rappeler jeudi',
    'add_note',
    { target: { name: 'Marie Dupont' }, text: 'rappeler jeudi' },
  ],
  [
    "note pour Dupont: intéressée par l'offre",
    'add_note',
    { target: { name: 'Dupont' }, text: "intéressée par l'offre" },
  ],
  [
    'add a note to John: called, no answer',
    'add_note',
    { target: { name: 'John' }, text: 'called, no answer' },
  ],
  ['note: rappeler la semaine prochaine', 'add_note', { target: {}, text: 'rappeler la semaine prochaine' }],
  [
    'ajoute une note sur marie@x.fr : devis envoyé',
    'add_note',
    { target: { emailAddress: 'marie@x.fr' }, text: 'devis envoyé' },
  ],
  [
    "add a note to Zoé D'Arcy: prefers email",
    'add_note',
    { target: { name: "Zoé D'Arcy" }, text: 'prefers email' },
  ],
  [
    'note: client très intéressé, rappeler lundi',
    'add_note',
    { target: {}, text: 'client très intéressé, rappeler lundi' },
  ],
  [
    'Note pour Marie Dupont : a demandé un devis',
    'add_note',
    { target: { name: 'Marie Dupont' }, text: 'a demandé un devis' },
  ],
  ['add note: left voicemail', 'add_note', { target: {}, text: 'left voicemail' }],
  [
    'add a note on mary@smith.com: sent brochure',
    'add_note',
    { target: { emailAddress: 'mary@smith.com' }, text: 'sent brochure' },
  ],
  ['note à Dupont – appel manqué', 'add_note', { target: { name: 'Dupont' }, text: 'appel manqué' }],
  // Free text after the colon is the user's: destructive words there are the note's, not a command.
  [
    'note : le client veut supprimer son abonnement',
    'add_note',
    { target: {}, text: 'le client veut supprimer son abonnement' },
  ],
];

export const taskPhrases: Phrase[] = [
  [
    'crée une tâche rappeler Marie Dupont demain',
    'create_task',
    { target: { name: 'Marie Dupont' }, name: 'Rappeler Marie Dupont', dueDate: '2026-11-24' },
  ],
  [
    'tâche urgente : envoyer le devis à Dupont pour vendredi',
    'create_task',
    {
      target: { name: 'Dupont' },
      name: 'Envoyer le devis à Dupont',
      dueDate: '2026-11-27',
      priority: 'Urgent',
    },
  ],
  [
    "remind me to call John O'Brien tomorrow",
    'create_task',
    { target: { name: "John O'Brien" }, name: "Call John O'Brien", dueDate: '2026-11-24' },
  ],
  [
    'create a task send proposal for Acme on 2026-12-01',
    'create_task',
    { target: { name: 'Acme' }, name: 'Send proposal for Acme', dueDate: '2026-12-01' },
  ],
  [
    'nouvelle tâche relancer marie@x.fr dans 3 jours',
    'create_task',
    { target: { emailAddress: 'marie@x.fr' }, name: 'Relancer marie@x.fr', dueDate: '2026-11-26' },
  ],
  ['tâche : préparer la démo le 12/03', 'create_task', { name: 'Préparer la démo', dueDate: '2027-03-12' }],
  [
    'create an important task follow up with Mary next monday',
    'create_task',
    { target: { name: 'Mary' }, name: 'Follow up with Mary', dueDate: '2026-11-30', priority: 'High' },
  ],
  [
    "rappelle-moi d'appeler Dupont lundi",
    'create_task',
    { target: { name: 'Dupont' }, name: 'Appeler Dupont', dueDate: '2026-11-30' },
  ],
  [
    'crée une tâche pour demain : appeler Marie',
    'create_task',
    { target: { name: 'Marie' }, name: 'Appeler Marie', dueDate: '2026-11-24' },
  ],
  [
    'task: call Mary tomorrow urgent',
    'create_task',
    { target: { name: 'Mary' }, name: 'Call Mary', dueDate: '2026-11-24', priority: 'Urgent' },
  ],
  [
    'nouvelle tâche importante relancer Acme dans 2 semaines',
    'create_task',
    { target: { name: 'Acme' }, name: 'Relancer Acme', dueDate: '2026-12-07', priority: 'High' },
  ],
  [
    'create task call back John in 3 days',
    'create_task',
    { target: { name: 'John' }, name: 'Call back John', dueDate: '2026-11-26' },
  ],
  ['remind me tomorrow to send the quote', 'create_task', { name: 'Send the quote', dueDate: '2026-11-24' }],
  ['tâche envoyer devis le 05/01/2027', 'create_task', { name: 'Envoyer devis', dueDate: '2027-01-05' }],
  [
    'create a task email Mary on friday',
    'create_task',
    { target: { name: 'Mary' }, name: 'Email Mary', dueDate: '2026-11-27' },
  ],
  [
    'crée une tâche pour Dupont : appeler demain',
    'create_task',
    { target: { name: 'Dupont' }, name: 'Appeler', dueDate: '2026-11-24' },
  ],
  [
    'tâche pour marie@x.fr : envoyer la brochure vendredi',
    'create_task',
    { target: { emailAddress: 'marie@x.fr' }, name: 'Envoyer la brochure', dueDate: '2026-11-27' },
  ],
  [
    'tâche : appeler Dupont le 1er décembre',
    'create_task',
    { target: { name: 'Dupont' }, name: 'Appeler Dupont', dueDate: '2026-12-01' },
  ],
  [
    'task: call Mary on December 3rd',
    'create_task',
    { target: { name: 'Mary' }, name: 'Call Mary', dueDate: '2026-12-03' },
  ],
  ['tâche pas urgente ranger le bureau', 'create_task', { name: 'Ranger le bureau', priority: 'Low' }],
  [
    'remind me to call John next week',
    'create_task',
    { target: { name: 'John' }, name: 'Call John', dueDate: '2026-11-30' },
  ],
  [
    'rappelle-moi dans une semaine de relancer Acme',
    'create_task',
    { target: { name: 'Acme' }, name: 'Relancer Acme', dueDate: '2026-11-30' },
  ],
  [
    'tâche : supprimer les doublons demain',
    'create_task',
    { name: 'Supprimer les doublons', dueDate: '2026-11-24' },
  ],
];

export const listPhrases: Phrase[] = [
  ['derniers leads', 'list_recent', {}],
  ['liste les 10 derniers leads', 'list_recent', { limit: 10 }],
  ['show recent leads', 'list_recent', {}],
  ['last 3 leads', 'list_recent', { limit: 3 }],
  ['Salut MAX, les 5 derniers prospects stp', 'list_recent', { limit: 5 }],
  ['montre-moi les derniers leads', 'list_recent', {}],
  ['show me the last 10 leads', 'list_recent', { limit: 10 }],
  ['latest leads', 'list_recent', {}],
  ['leads récents', 'list_recent', {}],
  ['list the 20 most recent leads', 'list_recent', { limit: 20 }],
  ['dernier lead', 'list_recent', { limit: 1 }],
  ['les 50 derniers leads', 'list_recent', { limit: 20 }],
  ['show recent leads please', 'list_recent', {}],
  ['liste les leads', 'list_recent', {}],
];

export const allPhrases: Phrase[] = [
  ...createPhrases,
  ...findPhrases,
  ...updatePhrases,
  ...statusPhrases,
  ...notePhrases,
  ...taskPhrases,
  ...listPhrases,
];
