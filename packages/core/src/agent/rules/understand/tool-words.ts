/**
 * Which words belong to which tool's command: its actions, the kinds of record it names and the
 * field names it takes. The coverage check accounts a message's words against these and the call's
 * own values; nothing else may be left over.
 */
import type { Action } from './lexicon.ts';

export interface ToolWords {
  actions: Action[];
  /** Labels (lexicon.ts LABELS) the command may use. */
  labels: string[];
  /** Record nouns: 'any', or those a create may name (its own, and the company a person works at). */
  nouns: 'any' | Array<'Lead' | 'Contact' | 'Account' | 'Opportunity'> | 'none';
  /** Extra words of this command only. */
  words?: string[];
  /** A read: question words are fine. */
  read?: boolean;
  /** Bare numbers are the command's own (a list's length, capped by the tool). */
  numbers?: boolean;
  /** A lead's own command: a custom record's noun ("la mission Dupont") is not its word. */
  leadOnly?: boolean;
}

const PERSON = ['email', 'phone', 'company', 'title', 'website', 'name', 'source'];
const w = (s: string) => s.split(' ');

export const STATUS_WORDS = w(
  'cours traitement process progress processing ongoing nouveau nouveaux nouvelle nouvelles new assigne ' +
    'assignee assignes assignees attribue attribuee assigned converti convertie convertis converties gagne ' +
    'gagnee gagnes signe signee converted won closed recycle recyclee recycled perdu perdue perdus perdues ' +
    'mort morte morts abandonne abandonnee dead lost',
);
const STAGE_WORDS = w(
  'prospection prospecting qualification qualifie qualifiee qualified proposition proposal devis envoye ' +
    'envoyee offre sent quote negociation nego negotiation negotiating gagne gagnee signe signee remporte ' +
    'remportee conclu conclue won closed signed perdu perdue abandonne abandonnee lost',
);
const PRIORITY = w(
  'urgent urgente urgents asap importante important prioritaire priority haute basse high low pas not',
);
const AGENDA = w(
  'faire venir prevu prevus prevue prevues prochain prochaine prochains prochaines next open ouvert ouverte ' +
    'ouvertes pending attente planned coming mes my suis have got on jour today semaine week mois month ' +
    'aujourd hui programme agenda',
);
const DONE_WORDS = w(
  'fait faite faits faites done termine terminee finished complete completed finie fini close pour for with avec',
);
const RECENT = w('derniers dernier dernieres derniere last latest recent recents recentes newest plus most');
const WHEN = w(
  'hier yesterday matin morning soir evening apres midi afternoon tonight noon minuit midnight ce cet heure heures hour hours',
);
const CALL = [
  ...WHEN,
  ...w('eu joint parle spoke talked rappelle rappeler back inbound entrant sortant recu received minutes'),
  // "eu X au tel", "had X on the phone"
  ...w('had tel telephone phone line fil bout'),
];
// Who runs a company, said of a new person: "runs Cho Studio", "dirige Garage Martin".
const RUNS = 'runs owns manages dirige gere';
const CUSTOM = w('mission missions diagnostic diagnostics diag diags ia ai max');

export const TOOL_WORDS: Record<string, ToolWords> = {
  create_lead: {
    actions: ['create'],
    labels: PERSON,
    nouns: ['Lead', 'Account'],
    words: w(
      `client cliente clients clientes customer contact interlocuteur interlocutrice referral ${RUNS}`,
    ),
  },
  create_contact: { actions: ['create'], labels: PERSON, nouns: ['Contact', 'Account'], words: w(RUNS) },
  create_account: {
    actions: ['create'],
    labels: [...PERSON, 'industry', 'type'],
    nouns: ['Account'],
    words: w('client customer partner partenaire fournisseur supplier'),
  },
  create_opportunity: {
    actions: ['create'],
    labels: ['amount', 'close', 'stage', 'company', 'name'],
    nouns: ['Opportunity', 'Account'],
    words: STAGE_WORDS,
  },
  find_leads: { actions: ['find'], labels: PERSON, nouns: 'any', words: STATUS_WORDS, read: true },
  find_contacts: { actions: ['find'], labels: PERSON, nouns: 'any', words: RECENT, read: true },
  find_accounts: {
    actions: ['find'],
    labels: [...PERSON, 'industry', 'type'],
    nouns: 'any',
    words: RECENT,
    read: true,
  },
  find_opportunities: {
    actions: ['find'],
    labels: ['amount', 'close', 'stage', 'company'],
    nouns: 'any',
    words: [
      ...STAGE_WORDS,
      ...RECENT,
      ...w('pipeline pipe ouvert ouverte ouvertes ouverts open cours progress'),
    ],
    read: true,
  },
  update_lead: {
    actions: ['update'],
    labels: PERSON,
    nouns: ['Lead'],
    words: ['nouveau', 'nouvel', 'nouvelle', 'new', 'change', 'changed', 'has', 'have', 'got'],
    leadOnly: true,
  },
  update_contact: {
    actions: ['update'],
    labels: PERSON,
    nouns: 'any',
    words: ['nouveau', 'nouvelle', 'new'],
  },
  update_account: {
    actions: ['update'],
    labels: [...PERSON, 'industry', 'type'],
    nouns: 'any',
    words: ['nouveau', 'nouvelle', 'new'],
  },
  update_opportunity: {
    actions: ['update', 'status'],
    labels: ['amount', 'close', 'stage', 'name'],
    nouns: 'any',
    words: [...STAGE_WORDS, 'nouveau', 'nouvelle', 'new'],
  },
  update_record: {
    actions: ['update', 'status'],
    labels: [],
    nouns: 'any',
    words: [...CUSTOM, ...STATUS_WORDS, ...STAGE_WORDS, ...DONE_WORDS, 'nouveau', 'nouvelle', 'new'],
  },
  change_status: {
    actions: ['status', 'update'],
    labels: [],
    nouns: ['Lead'],
    words: STATUS_WORDS,
    leadOnly: true,
  },
  add_note: {
    actions: ['note', 'create'],
    labels: [],
    nouns: 'any',
    words: w('mets met mettre put leave laisse petit'),
  },
  create_task: {
    actions: ['task', 'create'],
    labels: [],
    nouns: 'any',
    words: [...PRIORITY, ...WHEN, ...w('don dont forget oublie oublier pas')],
  },
  complete_task: { actions: ['task', 'status'], labels: [], nouns: 'none', words: DONE_WORDS },
  log_call: { actions: ['call', 'note'], labels: [], nouns: 'any', words: CALL },
  schedule_meeting: {
    actions: ['meeting', 'create'],
    labels: [],
    nouns: 'any',
    words: [...WHEN, 'set', 'up'],
  },
  list_activities: {
    actions: ['agenda', 'find', 'task', 'meeting', 'call'],
    labels: [],
    nouns: 'any',
    words: AGENDA,
    read: true,
  },
  list_recent: { actions: ['find'], labels: [], nouns: 'any', words: RECENT, read: true, numbers: true },
  link_records: { actions: ['link', 'unlink'], labels: [], nouns: 'any' },
  convert_lead: {
    actions: ['convert'],
    labels: ['amount', 'close'],
    nouns: 'any',
    words: w('client customer'),
  },
  find_duplicates: { actions: ['duplicates', 'find', 'merge'], labels: [], nouns: 'any', read: true },
  send_whatsapp: {
    actions: ['create'],
    labels: [],
    nouns: ['Lead', 'Contact'],
    words: w(
      'envoie envoier envoiez envoyez envoyer renvoie ecris ecrire ecrivez send write message messages msg mot texto petit whatsapp wa par sur via on by',
    ),
  },
  plan_followups: {
    actions: ['create', 'task', 'call'],
    labels: ['status'],
    nouns: ['Lead'],
    numbers: true,
    words: [
      ...STATUS_WORDS,
      ...w(
        'relance relancer relancez tous les mes nos leads lead prospects prospect sans activite activité nouvelles contact echange inactif inactifs depuis jours jour avec follow up on with all the my our no activity inactive idle untouched for in since last past days day en statut au status',
      ),
    ],
  },
  set_whatsapp_consent: {
    actions: ['create', 'note'],
    labels: [],
    nouns: ['Lead', 'Contact'],
    words: w(
      'whatsapp wa messages message accepte accepter accepté accord consentement consent opt-in opt in enregistre note record log agrees agreed accepts accepted consents consented opted opts said yes veut bien donne son recevoir receive receiving plus ne refuse refuse refused refuses declined no longer wants withdrew withdraw their his her retire supprime annule remove revoke par sur via on by to for with est daccord pour de des les du the',
    ),
  },
};

/** Every word some command owns beyond the lexicon (agenda words, priorities, stages…). */
export const EXTRA_WORDS = new Set(Object.values(TOOL_WORDS).flatMap((t) => t.words ?? []));
