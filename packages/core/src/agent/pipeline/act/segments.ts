import { parseCommand } from '../../rules/index.ts';

/** One request of a turn: the text(s) it is made of and the messages they came from. */
export interface TurnRequest {
  texts: string[];
  messageIds: string[];
}

/**
 * A burst (messages of one sender, close together) becomes requests. With a model it is one
 * request whose messages stay separate lines. With the rules engine, each message that is a
 * complete command on its own is its own request, run and answered on its own; a message that is
 * not (an e-mail, a phone number after "crée un lead Marie Dupont") completes the request before it.
 */
export function segmentRequests(
  parts: Array<{ id: string; text: string }>,
  o: { useModel: boolean; today: string; lang: 'fr' | 'en' },
): TurnRequest[] {
  if (!parts.length) return [];
  if (o.useModel) return [{ texts: parts.map((p) => p.text), messageIds: parts.map((p) => p.id) }];
  const out: TurnRequest[] = [];
  for (const p of parts) {
    const complete = parseCommand(p.text, { today: o.today, locale: o.lang }).kind === 'calls';
    const current = out.at(-1);
    // The database takes at most a handful of followers into one turn, so requests stay few.
    if (!current || complete) out.push({ texts: [p.text], messageIds: [p.id] });
    else {
      current.texts.push(p.text);
      current.messageIds.push(p.id);
    }
  }
  return out;
}
