import type { MessageContent } from './message.ts';
import type { OutboxRow } from './outbox.ts';

export interface DeadLetterInput {
  instance: string;
  idMessage: string;
  chatId: string;
  senderId: string;
  typeMessage: string;
  waTimestamp: number;
  requestId: string;
  receivedAt?: string;
  reason: string;
  content: MessageContent | null;
  /** Told to a known sender, once, quoting the message. */
  notice: string | null;
}

export type DeadLetterResult =
  | { outcome: 'unknown_instance' }
  | { outcome: 'already_final'; tenantId: string; outbox: OutboxRow[] }
  | { outcome: 'recorded'; tenantId: string; messageId: string; outbox: OutboxRow[] };
