/**
 * The frame reader: the intent from the action words and record nouns in any order, the arguments
 * from the slots and name runs. It proposes one call; the coverage check decides whether the call
 * says the whole message.
 */
import type { ToolCallRequest } from '../types.ts';
import {
  agendaCall,
  callCall,
  duplicatesCall,
  findCall,
  linkCall,
  meetingCall,
  noteCall,
} from './frame-activities.ts';
import { createCall, statusCall, updateCall } from './frame-records.ts';
import type { Action } from './lexicon.ts';
import { markerOf, type Reading, readMessage } from './reading.ts';
import { recognise } from './slots.ts';

export interface Frame {
  reading: Reading;
  call: ToolCallRequest | null;
  /** What the words say even when no call could be built (for the "not understood" reply). */
  actions: Action[];
  /** The call was read from a contact card with no verb: proposed, never run as it stands. */
  card?: boolean;
}

/** Longer messages are notes or tasks with a body, which the shapes read; the frame reader does not scan them. */
const FRAME_MAX = 400;

export function readFrame(text: string, today: string): Frame {
  const r = readMessage(text.length > FRAME_MAX ? '' : text, today);
  if (text.length > FRAME_MAX)
    return { reading: { ...r, text, rec: recognise(text, today) }, call: null, actions: [] };
  const actions = [...new Set(r.words.flatMap((w) => w.actions))];
  const has = (a: Action) => actions.includes(a);
  const first = r.words.find((w) => w.actions.length)?.actions ?? [];
  let call: ToolCallRequest | null = null;
  if (has('duplicates')) call = duplicatesCall(r);
  else if (has('agenda') || r.question || has('find'))
    call = agendaCall(r, today) ?? (r.question ? findCall(r) : null);
  if (!call && has('call') && (has('note') || first.includes('call'))) call = callCall(r);
  // "eu Mathis Perrin au tel", "had Priya on the phone": talking on the phone is a call.
  if (!call && ON_THE_PHONE.test(r.text)) call = callCall(r, true);
  if (!call && has('note')) call = noteCall(r);
  if (!call && (has('link') || has('unlink'))) call = linkCall(r);
  if (!call && has('meeting')) call = meetingCall(r);
  if (!call && first.includes('create') && !has('update') && createsRecord(r)) call = createCall(r);
  // "Opportunité « Menu digital » pour Café des Arts, 1200 €": a message that opens with a record's
  // noun and names one, with no action word, notes a new record.
  if (!call && !actions.length && r.words[0]?.entity && r.words[0].start === 0 && !r.question)
    call = createCall(r);
  // A contact card with no verb ("Daniel Cho, daniel@…, +44 …, runs Cho Studio"): at most a proposal,
  // since the coverage check leaves whatever else was said over.
  let card = false;
  if (!call && !actions.length && !/\?/.test(r.text) && isCard(r)) {
    call = createCall(r);
    card = call !== null;
  }
  if (!call && (has('update') || has('create'))) call = updateCall(r);
  if (!call && (has('status') || has('update'))) call = statusCall(r);
  if (!call && has('find')) call = findCall(r);
  if (!call && !r.question) call = updateCall(r, true) ?? statusCall(r);
  return { reading: r, call, actions, card };
}

const ON_THE_PHONE =
  /^(?:j'ai\s+)?(?:eu|had|got|I\s+had)\s+[^,;:]{2,60}?\s+(?:au\s+(?:tel|t[ée]l[ée]phone|t[ée]l[ée]phone)|au\s+bout\s+du\s+fil|on\s+the\s+(?:phone|line))(?![\p{L}])/iu;

/** A person's name and a way to reach them, with no action word: someone to note down. */
const isCard = (r: Reading) =>
  // "l'email de Hélène Marchand c'est …" gives a field of someone: not a card.
  !r.runs.some(
    (x) =>
      ['de', 'du', 'of', 'd'].includes(markerOf(x) ?? '') && r.words.some((w) => w.label && w.end <= x.start),
  ) &&
  r.rec.slots.some((s) => s.type === 'email' || s.type === 'phone') &&
  r.runs.some((x) => x.capitalised && x.text.includes(' '));

const NEW_WORDS = new Set(['nouveau', 'nouvel', 'nouvelle', 'nouveaux', 'nouvelles', 'new']);

/**
 * A record is created by a creating verb ("ajoute", "add", "enregistre"), or by "nouveau"/"new" said
 * of a record ("nouveau lead", "new contact"): "Thomas Girard a un nouvel email" gives a value.
 */
function createsRecord(r: Reading): boolean {
  return r.words.some((w, i) => {
    if (!w.actions.includes('create')) return false;
    if (!NEW_WORDS.has(w.word)) return true;
    const next = r.words[i + 1];
    return Boolean(next?.entity && next.label === null);
  });
}
