/**
 * The rules engine's own answers: small talk (with what MAX does, in one line), "not understood"
 * (what was understood, what was not, the nearest examples) and the one question that proposes a
 * new record read with words left over.
 */
import { nearestExamples } from './examples.ts';
import type { ParseResult, RulesLanguage, ToolCallRequest } from './types.ts';

type SmallTalk = Extract<ParseResult, { kind: 'smalltalk' }>['act'];

const CAN = {
  fr: 'Je gère votre CRM depuis WhatsApp : leads, contacts, sociétés, opportunités, tâches, rendez-vous, appels et notes — écrivez-moi comme à un collègue, par exemple « ajoute Marie Dupont de la société Acme, marie@acme.fr ».',
  en: 'I run your CRM from WhatsApp: leads, contacts, companies, deals, tasks, meetings, calls and notes — write to me as to a colleague, e.g. "add Mary Smith from Acme as a lead, mary@acme.com".',
};

const OPENERS: Record<SmallTalk, Record<RulesLanguage, (name: string) => string>> = {
  greeting: { fr: (n) => `Bonjour${n} ! 👋`, en: (n) => `Hello${n}! 👋` },
  thanks: { fr: (n) => `Avec plaisir${n} !`, en: (n) => `You're welcome${n}!` },
  ack: { fr: () => '👍', en: () => '👍' },
  how: { fr: (n) => `Très bien, merci${n} !`, en: (n) => `All good, thanks${n}!` },
  bye: { fr: (n) => `Bonne journée${n} !`, en: (n) => `Have a good day${n}!` },
  help: { fr: () => '', en: () => '' },
};

/** A short, friendly answer that says what MAX does in one line. */
export function smallTalkReply(act: SmallTalk, lang: RulesLanguage, name?: string | null): string {
  const n = name ? ` ${name}` : '';
  return [OPENERS[act][lang](n), CAN[lang]].filter(Boolean).join(' ');
}

const TOOL_WORDS: Record<string, Record<RulesLanguage, string>> = {
  create_lead: { fr: 'créer un lead', en: 'create a lead' },
  create_contact: { fr: 'créer un contact', en: 'create a contact' },
  create_account: { fr: 'créer une société', en: 'create a company' },
  create_opportunity: { fr: 'créer une opportunité', en: 'create a deal' },
  update_lead: { fr: 'modifier un lead', en: 'change a lead' },
  update_contact: { fr: 'modifier un contact', en: 'change a contact' },
  update_account: { fr: 'modifier une société', en: 'change a company' },
  update_opportunity: { fr: 'modifier une opportunité', en: 'change a deal' },
  update_record: { fr: 'modifier une fiche', en: 'change a record' },
  change_status: { fr: "changer le statut d'un lead", en: "change a lead's status" },
  add_note: { fr: 'ajouter une note', en: 'add a note' },
  create_task: { fr: 'créer une tâche', en: 'create a task' },
  log_call: { fr: 'noter un appel', en: 'log a call' },
  schedule_meeting: { fr: 'planifier un rendez-vous', en: 'schedule a meeting' },
  list_activities: { fr: 'voir votre agenda', en: 'see your agenda' },
  link_records: { fr: 'rattacher deux fiches', en: 'link two records' },
  convert_lead: { fr: 'convertir un lead', en: 'convert a lead' },
};
const ACTION_WORDS: Record<string, Record<RulesLanguage, string>> = {
  create: { fr: 'créer une fiche', en: 'create a record' },
  find: { fr: 'chercher une fiche', en: 'find a record' },
  update: { fr: 'modifier une fiche', en: 'change a record' },
  status: { fr: 'changer un statut', en: 'change a status' },
  task: { fr: 'créer une tâche', en: 'create a task' },
  call: { fr: 'noter un appel', en: 'log a call' },
  meeting: { fr: 'planifier un rendez-vous', en: 'schedule a meeting' },
};

const quote = (s: string, lang: RulesLanguage) => (lang === 'fr' ? `« ${s} »` : `"${s}"`);
const list = (xs: string[], lang: RulesLanguage) =>
  xs.length <= 1
    ? (xs[0] ?? '')
    : `${xs.slice(0, -1).join(', ')} ${lang === 'fr' ? 'ou' : 'or'} ${xs.at(-1)}`;

/** What was understood and what was not, and the two or three nearest examples. Nothing was done. */
export function notUnderstood(
  text: string,
  r: Extract<ParseResult, { kind: 'unknown' }>,
  lang: RulesLanguage,
): string {
  const fr = lang === 'fr';
  const what = r.understood?.tool
    ? TOOL_WORDS[r.understood.tool]?.[lang]
    : r.understood?.actions.map((a) => ACTION_WORDS[a]?.[lang]).find(Boolean);
  const missed = (r.leftovers ?? []).slice(0, 4).map((x) => quote(x, lang));
  // Nothing left over: the command lacks its record or its value, so MAX asks for them (one question).
  const head = what
    ? fr
      ? missed.length
        ? `J'ai compris que vous voulez ${what}, mais pas ${list(missed, lang)}. Je n'ai rien fait.`
        : `Vous voulez ${what} : pour quelle fiche, et avec quoi ? Je n'ai rien fait pour l'instant.`
      : missed.length
        ? `I understood you want to ${what}, but not ${list(missed, lang)}. I did nothing.`
        : `You want to ${what}: for which record, and with what? I did nothing yet.`
    : fr
      ? "Je n'ai pas compris ce message ; je n'ai rien fait."
      : "I didn't understand that message; I did nothing.";
  const ex = nearestExamples(text, r.understood, lang).map((e) => quote(e, lang));
  return `${head}\n${fr ? 'Par exemple : ' : 'For example: '}${list(ex, lang)}.`;
}

function summary(call: ToolCallRequest, lang: RulesLanguage): string {
  const a = call.args;
  const person = [a.firstName, a.lastName].filter(Boolean).join(' ');
  const name = String(person || a.name || '');
  const details = [a.emailAddress, a.phoneNumber].filter(Boolean).join(', ');
  const money = a.amount !== undefined ? `${a.amount}${a.currency ? ` ${a.currency}` : ''}` : '';
  const at = a.accountName ?? a.account;
  return [
    quote(name, lang),
    details ? `(${details})` : '',
    at ? `${lang === 'fr' ? 'chez' : 'at'} ${at}` : '',
    money,
    a.closeDate ? `${lang === 'fr' ? 'clôture' : 'closing'} ${a.closeDate}` : '',
  ]
    .filter(Boolean)
    .join(' ');
}

const NOUN: Record<string, Record<RulesLanguage, string>> = {
  create_lead: { fr: 'un lead', en: 'a lead' },
  create_contact: { fr: 'un contact', en: 'a contact' },
  create_account: { fr: 'une société', en: 'a company' },
  create_opportunity: { fr: 'une opportunité', en: 'a deal' },
};

const targetOf = (a: Record<string, unknown>) => {
  const t = a.target ?? a.record;
  return String(typeof t === 'object' && t ? (Object.values(t)[0] ?? '') : (t ?? ''));
};

/** What a command on a record does, in a few words ("Passer « Tom Baker » au statut Dead"). */
const ACTIONS: Record<string, Record<RulesLanguage, (a: Record<string, unknown>, who: string) => string>> = {
  change_status: {
    fr: (a, who) => `Passer ${who} au statut ${a.status}`,
    en: (a, who) => `Set ${who}'s status to ${a.status}`,
  },
  log_call: { fr: (_a, who) => `Noter un appel avec ${who}`, en: (_a, who) => `Log a call with ${who}` },
  schedule_meeting: {
    fr: (a, who) =>
      `Planifier un rendez-vous avec ${who}${a.date ? ` le ${a.date}` : ''}${a.time ? ` à ${a.time}` : ''}`,
    en: (a, who) =>
      `Schedule a meeting with ${who}${a.date ? ` on ${a.date}` : ''}${a.time ? ` at ${a.time}` : ''}`,
  },
  add_note: { fr: (_a, who) => `Ajouter une note à ${who}`, en: (_a, who) => `Add a note to ${who}` },
};
const changes = (a: Record<string, unknown>) =>
  Object.entries((a.changes as Record<string, unknown>) ?? {})
    .map(([k, v]) => `${k} → ${v}`)
    .join(', ');

function doing(call: ToolCallRequest, lang: RulesLanguage): string {
  const who = quote(targetOf(call.args), lang);
  const act = ACTIONS[call.name]?.[lang];
  if (act) return act(call.args, who);
  return lang === 'fr' ? `Modifier ${who} : ${changes(call.args)}` : `Change ${who}: ${changes(call.args)}`;
}

/**
 * "Créer un lead « Léa Roux » (lea@…) chez Roux & Fils ? (je n'ai pas compris « … ») oui / non", or the
 * command on a named record that a remark followed ("Passer « Tom Baker » au statut Dead ?").
 */
export function proposalQuestion(call: ToolCallRequest, leftovers: string[], lang: RulesLanguage): string {
  const missed = leftovers.slice(0, 4).map((x) => quote(x, lang));
  const creates = Boolean(NOUN[call.name]);
  const what = creates
    ? `${lang === 'fr' ? 'Créer' : 'Create'} ${NOUN[call.name]![lang]} ${summary(call, lang)}`
    : doing(call, lang);
  return lang === 'fr'
    ? `${what} ?${missed.length ? ` (je n'ai pas compris ${list(missed, lang)})` : ''}\nRépondez oui pour ${creates ? 'le créer' : 'le faire'}, non sinon.`
    : `${what}?${missed.length ? ` (I didn't understand ${list(missed, lang)})` : ''}\nReply yes to ${creates ? 'create it' : 'do it'}, no otherwise.`;
}
