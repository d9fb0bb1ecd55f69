/**
 * The frame reader: the intent from the action words and record nouns in any order, the arguments
 * from the slots and name runs. It proposes one call; the coverage check decides whether the call
 * says the whole message.
 */
import type { ToolCallRequest } from '../types.ts';
import { agendaCall, callCall, duplicatesCall, findCall } from './frame-activities.ts';
import { createCall, statusCall, updateCall } from './frame-records.ts';
import type { Action } from './lexicon.ts';
import { type Reading, readMessage } from './reading.ts';
import { recognise } from './slots.ts';

export interface Frame {
  reading: Reading;
  call: ToolCallRequest | null;
  /** What the words say even when no call could be built (for the "not understood" reply). */
  actions: Action[];
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
  if (!call && first.includes('create') && !has('update')) call = createCall(r);
  if (!call && (has('update') || has('create'))) call = updateCall(r);
  if (!call && (has('status') || has('update'))) call = statusCall(r);
  if (!call && has('find')) call = findCall(r);
  if (!call && !r.question) call = updateCall(r, true) ?? statusCall(r);
  return { reading: r, call, actions };
}
