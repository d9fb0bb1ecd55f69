/** Who is talking to MAX in a message, and where the answer goes. */
export interface Conversation {
  /** The WhatsApp chat: a person (…@c.us) or a group (…@g.us). */
  chatId: string;
  /** Who wrote: the person; in a group, the member. */
  senderId: string;
  isGroup: boolean;
  /** Session, confirmations and bursts are per person: in a group, per (group, member). */
  key: string;
}

export function conversationOf(chatId: string, sender: string | null | undefined): Conversation {
  const isGroup = chatId.endsWith('@g.us');
  const senderId = isGroup ? (sender ?? chatId) : chatId;
  return { chatId, senderId, isGroup, key: isGroup ? `${chatId}/${senderId}` : chatId };
}

/**
 * In a group MAX answers only what is addressed to it: a mention of its own number (WhatsApp puts
 * "@<digits>" in the text) or a message starting with its name. Returns the text without the
 * address, or null when the message is not for MAX.
 */
export function addressedText(
  text: string,
  o: { assistantName: string; ownWid: string | null },
): string | null {
  const t = text.trim();
  const digits = o.ownWid?.replace(/@.*$/, '') ?? '';
  if (digits) {
    const mention = new RegExp(`@${digits}\\b`);
    if (mention.test(t))
      return t
        .replace(mention, '')
        .replace(/^[\s,:]+/, '')
        .trim();
  }
  const name = o.assistantName.trim().toLowerCase();
  const lower = t.toLowerCase();
  for (const prefix of [
    name,
    `@${name}`,
    `salut ${name}`,
    `hey ${name}`,
    `bonjour ${name}`,
    `hello ${name}`,
  ]) {
    if (lower.startsWith(prefix) && /^($|[\s,:!])/.test(t.slice(prefix.length)))
      return t
        .slice(prefix.length)
        .replace(/^[\s,:!]+/, '')
        .trim();
  }
  return null;
}
