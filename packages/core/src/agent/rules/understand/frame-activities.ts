/**
 * The frame reader's questions and activities: the agenda ("qu'est-ce que j'ai à faire lundi ?",
 * "what's due this week?"), duplicates ("fusionne les doublons de Dupont" lists them: a merge is
 * only ever by ids), a call said in another order ("note the call with Marie Dupont: …") and
 * searches asked as a question ("le statut du lead Dupont, c'est quoi ?").
 */
import { addDays } from '../../calendar/dates.ts';
import { isName } from '../names.ts';
import type { ToolCallRequest } from '../types.ts';
import { markerOf, type Reading } from './reading.ts';
import { isRemark } from './remarks.ts';

const PERIODS: Array<[RegExp, number]> = [
  [/(?<![\p{L}])(?:aujourd'hui|today|du jour|ce jour)(?![\p{L}])/iu, 1],
  [/(?<![\p{L}])(?:demain|tomorrow)(?![\p{L}])/iu, 2],
  [
    /(?<![\p{L}])(?:(?:cette|la|de la)\s+semaine|this\s+week|the\s+week|(?:la\s+)?semaine\s+prochaine|next\s+week)(?![\p{L}])/iu,
    7,
  ],
  [/(?<![\p{L}])(?:(?:ce|du)\s+mois|this\s+month)(?![\p{L}])/iu, 31],
];
const TODO = /(?<![\p{L}])(?:[àa] faire|to do|due|[ée]ch[ée]ances?|t[âa]ches?|tasks?|to-?dos?)(?![\p{L}])/iu;
const PLANNED =
  /(?<![\p{L}])(?:pr[ée]vus?|pr[ée]vues?|planned|scheduled|agenda|programme|planning|on)(?![\p{L}])/iu;

const daysUntil = (today: string, date: string) => {
  for (let n = 0; n < 400; n++) if (addDays(today, n) === date) return n + 1;
  return undefined;
};

/** What is on: tasks ("à faire", "due") or everything planned, within a period when one is said. */
export function agendaCall(r: Reading, today: string): ToolCallRequest | null {
  const todo = TODO.test(r.text);
  if (!todo && !PLANNED.test(r.text)) return null;
  if (!r.question && !r.words.some((w) => w.actions.includes('agenda') || w.actions.includes('find')))
    return null;
  if (r.runs.length) return null;
  const date = r.rec.slots.find((s) => s.type === 'date');
  const period = PERIODS.find(([re]) => re.test(r.text));
  const days = date ? daysUntil(today, String(date.value)) : period?.[1];
  return { name: 'list_activities', args: { ...(todo ? { kind: 'Task' } : {}), ...(days ? { days } : {}) } };
}

/** Duplicates are listed (with their ids), whatever verb asks for them. */
export function duplicatesCall(r: Reading): ToolCallRequest | null {
  if (!r.words.some((w) => w.actions.includes('duplicates'))) return null;
  const entity = r.words.find((w) => w.entity === 'Lead' || w.entity === 'Contact')?.entity;
  return { name: 'find_duplicates', args: entity ? { entity } : {} };
}

/** "note the call with Marie Dupont: she wants a quote", "appel avec Dupont : rappeler lundi". */
export function callCall(r: Reading, onThePhone = false): ToolCallRequest | null {
  if (!onThePhone && !r.words.some((w) => w.actions.includes('call'))) return null;
  // The call's own sentence ends at the first colon, or (on the phone) at the first comma.
  const colon = r.text.search(onThePhone ? /[:,]/ : /:/);
  const before = colon >= 0 ? r.runs.filter((x) => x.end <= colon) : r.runs;
  const head = onThePhone ? before.filter((x) => x.capitalised) : before;
  if (head.length !== 1 || !head[0]!.capitalised || !isName(head[0]!.text)) return null;
  const body = colon >= 0 ? r.text.slice(colon + 1).trim() : '';
  // After a comma only plain commentary is what was said ("…, passe-le en perdu" is another command).
  const said = body && (r.text[colon] === ':' || isRemark(body)) ? body : '';
  const minutes = r.rec.slots.find((s) => s.type === 'duration' && (colon < 0 || s.start < colon));
  return {
    name: 'log_call',
    args: {
      target: { name: head[0]!.text },
      ...(minutes ? { minutes: minutes.value } : {}),
      ...(said ? { description: said } : {}),
    },
  };
}

const AT_COMPANY = new Set(['chez', 'at', 'from', 'of']);

const FINDERS: Record<string, string> = {
  Lead: 'find_leads',
  Contact: 'find_contacts',
  Account: 'find_accounts',
  Opportunity: 'find_opportunities',
};

/** A question about one named record: a search for it (reading is never a write). */
export function findCall(r: Reading): ToolCallRequest | null {
  if (!r.question && !r.words.some((w) => w.actions.includes('find'))) return null;
  // "montre-moi le pipe", "show me the contacts": a list of one kind of record.
  const kind = r.words.find((w) => w.entity)?.entity;
  if (!r.runs.length && kind && r.words.some((w) => w.actions.includes('find')))
    return { name: FINDERS[kind]!, args: {} };
  // One proper name, and a record noun, a field or a search verb: "quel temps fait-il ?" looks for nothing.
  if (r.runs.length !== 1 || !r.runs[0]!.capitalised) return null;
  if (!r.words.some((w) => w.entity || w.label || w.word === 'crm' || w.actions.includes('find')))
    return null;
  const entity = r.words.find((w) => w.entity)?.entity ?? 'Lead';
  // "les contacts chez Fournil Lyonnais", "deals at Acme": the records of a company, not a name search.
  const at = markerOf(r.runs[0]!);
  if ((entity === 'Contact' || entity === 'Opportunity') && at && AT_COMPANY.has(at))
    return { name: FINDERS[entity]!, args: { account: r.runs[0]!.text } };
  return { name: FINDERS[entity]!, args: { query: r.runs[0]!.text } };
}

/** "mets un mot sur Bruce Wayne : il préfère le mail", "note about Acme: …": the body after the colon. */
export function noteCall(r: Reading): ToolCallRequest | null {
  if (!r.words.some((w) => w.actions.includes('note'))) return null;
  const colon = r.text.indexOf(':');
  if (colon < 0) return null;
  const head = r.runs.filter((x) => x.end <= colon);
  const body = r.text.slice(colon + 1).trim();
  if (head.length !== 1 || !head[0]!.capitalised || !isName(head[0]!.text) || !body) return null;
  return { name: 'add_note', args: { target: { name: head[0]!.text }, text: body } };
}

const KIND: Record<string, string> = { Contact: 'Contact', Account: 'Account', Opportunity: 'Opportunity' };

/** The record noun said right before a run ("le contact Claire Petit", "la société Petit & Co"). */
function kindBefore(r: Reading, run: { start: number }): string | undefined {
  const before = r.words.filter((w) => w.end <= run.start).at(-1);
  const noun = before?.entity ? before : r.words.filter((w) => w.end <= run.start).at(-2);
  return noun?.entity ? KIND[noun.entity] : undefined;
}

/** "rattache le contact Claire Petit à la société Petit & Co", "unlink Mary Smith from Acme". */
export function linkCall(r: Reading): ToolCallRequest | null {
  const unlink = r.words.some((w) => w.actions.includes('unlink'));
  if (!unlink && !r.words.some((w) => w.actions.includes('link'))) return null;
  if (r.runs.length !== 2 || !r.runs.every((x) => x.capitalised)) return null;
  const [record, to] = r.runs as [Reading['runs'][number], Reading['runs'][number]];
  const recordType = kindBefore(r, record);
  const toType = kindBefore(r, to);
  return {
    name: 'link_records',
    args: {
      record: record.text,
      ...(recordType ? { recordType } : {}),
      to: to.text,
      ...(toType ? { toType } : {}),
      ...(unlink ? { unlink: true } : {}),
    },
  };
}

const MEETING_ABOUT =
  /^\s*,?\s*(?:pour|for|about|au sujet d[eu']|concernant|to discuss|pour parler d[eu'])\s*((?:(?:le|la|les|l'|un|une|the|a|our|notre)\s*)?[^,;.!?]{2,80})[.!]?\s*$/iu;

/** "j'ai rdv avec Claire Petit jeudi à 11h", "meeting with Kevin Wright tuesday 11am": one person, a day. */
export function meetingCall(r: Reading): ToolCallRequest | null {
  if (!r.words.some((w) => w.actions.includes('meeting'))) return null;
  const date = r.rec.slots.find((s) => s.type === 'date');
  const time = r.rec.slots.find((s) => s.type === 'time');
  const minutes = r.rec.slots.find((s) => s.type === 'duration');
  const named = r.runs.filter((x) => x.capitalised);
  const who = named[0];
  if (named.length !== 1 || !who || !isName(who.text.replace(/ & /g, ' ')) || !date) return null;
  // "… pour le brief", "… about the launch": what the meeting is for, said after everything else.
  const last = Math.max(who.end, ...r.rec.slots.map((s) => s.end));
  const tail = MEETING_ABOUT.exec(r.text.slice(last));
  const about = tail?.[1]?.trim();
  // Any other word run must be that subject: a meeting with one person, on one day, nothing else.
  if (r.runs.some((x) => x !== who && !(about && x.start >= last))) return null;
  return {
    name: 'schedule_meeting',
    args: {
      target: { name: who.text },
      ...(about ? { subject: about } : {}),
      date: date.value,
      ...(time ? { time: time.value } : {}),
      ...(minutes ? { minutes: minutes.value } : {}),
    },
  };
}
