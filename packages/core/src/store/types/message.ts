/** A received message: its status and what it said. */
export type MessageStatus = 'received' | 'processing' | 'done' | 'failed' | 'dead' | 'throttled' | 'ignored';

/** What a message said, kept (for known senders only) until its turn has been handled. */
export interface MessageContent {
  kind: string;
  text: string | null;
  /** Looks like the start of a longer request ("crée", ends with ":"): its burst waits longer. */
  unfinished?: boolean;
  [k: string]: unknown;
}

export interface Follower {
  id: string;
  idMessage: string;
  waTimestamp: number;
  content: MessageContent;
}
