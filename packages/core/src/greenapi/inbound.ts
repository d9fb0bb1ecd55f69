/**
 * The agent's view of one WhatsApp event, independent of Green-API's many payload shapes.
 * `normalizeWebhook` (webhook-normalize.ts) produces it from a validated webhook.
 */
export type InboundKind = 'text' | 'voice' | 'media' | 'location' | 'contact' | 'reaction' | 'other';

export interface InboundFile {
  downloadUrl: string;
  mimeType: string | null;
  fileName: string | null;
  caption: string | null;
}

export interface InboundMessage {
  idInstance: string;
  idMessage: string;
  /** Unix seconds, WhatsApp's order within a chat. */
  timestamp: number;
  chatId: string;
  /** The person who wrote: equals chatId in a 1:1 chat, the member in a group. */
  sender: string;
  senderName: string | null;
  kind: InboundKind;
  typeMessage: string;
  /** Text to act on: the message, the caption, or null for media without a caption. */
  text: string | null;
  file: InboundFile | null;
  quotedMessageId: string | null;
}
