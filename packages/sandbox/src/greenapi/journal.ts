/** Green-API's journals (lastIncomingMessages, lastOutgoingMessages, getMessage) over the stand-in's state. */
import type { IncomingRecord, SentMessage } from './records.ts';
import type { GreenApiState } from './stand-in-state.ts';

/** A sent message as Green-API's journals show it (lastOutgoingMessages, getMessage). */
export const outgoingItem = (m: SentMessage) => ({
  type: 'outgoing',
  idMessage: m.idMessage,
  timestamp: Math.floor(Date.parse(m.at) / 1000),
  statusMessage: 'sent',
  sendByApi: true,
  chatId: m.chatId,
  ...(m.linkPreview
    ? {
        typeMessage: 'extendedTextMessage',
        textMessage: m.message,
        extendedTextMessage: { text: m.message },
      }
    : { typeMessage: 'textMessage', textMessage: m.message }),
});

export const incomingItem = (r: IncomingRecord) => ({ type: 'incoming', ...r });

/** The journals' `minutes` query (a day when absent or not a number) as a unix-seconds lower bound. */
function sinceOf(url: URL): number {
  const minutes = Number(url.searchParams.get('minutes') ?? 1440) || 1440;
  return Date.now() / 1000 - minutes * 60;
}

export function lastIncoming(state: GreenApiState, id: string, url: URL) {
  const since = sinceOf(url);
  const items = (state.incoming.get(id) ?? []).filter(
    (r) => r.timestamp >= since && state.journaled(state.addedAt.get(r) ?? 0),
  );
  // Green-API lists the newest first.
  return items.slice().reverse().map(incomingItem);
}

/** What sendMessage sent from this instance, newest first, in the journal's shape. */
export function lastOutgoing(state: GreenApiState, id: string, url: URL) {
  const since = sinceOf(url);
  return state.sent
    .filter(
      (m) => m.idInstance === id && Date.parse(m.at) / 1000 >= since && state.journaled(Date.parse(m.at)),
    )
    .reverse()
    .map(outgoingItem);
}

/** An incoming record of an instance's chat, by id. */
export const findIncoming = (state: GreenApiState, id: string, chatId: string, idMessage: string) =>
  (state.incoming.get(id) ?? []).find((r) => r.idMessage === idMessage && r.chatId === chatId);

/** getMessage's answer: the sent message, else the incoming one, else undefined. */
export function findMessage(state: GreenApiState, id: string, chatId: string, idMessage: string) {
  const out = state.sent.find((m) => m.idInstance === id && m.idMessage === idMessage && m.chatId === chatId);
  if (out) return outgoingItem(out);
  const inc = findIncoming(state, id, chatId, idMessage);
  return inc ? incomingItem(inc) : undefined;
}
