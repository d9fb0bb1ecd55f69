/** Replies waiting to be sent, a send's outcome, and the outbound pacing's answer. */
export interface OutboxInput {
  chatId: string;
  body: string;
  /** Idempotency key of the send (message id + reply index): one WhatsApp message per key. */
  sendKey: string;
  quotedMessageId?: string | null;
}

export interface OutboxRow extends OutboxInput {
  id: string;
  messageId: string | null;
  attempts: number;
  createdAt: string;
  /** Its last send may have happened (outcome unknown, or a sender died mid-send): look before re-sending. */
  checkFirst: boolean;
}

export type SendResult =
  | { sent: true; providerMessageId: string }
  /** Found in Green-API's record of sent messages: the first candidate no other reply owns is this one. */
  | { found: true; candidates: string[] }
  | {
      sent: false;
      /** 'not_sent': provably nothing went out; 'unknown': it may have. */
      delivery: 'not_sent' | 'unknown';
      error: string;
      retryAfterMs: number;
      permanent?: boolean;
    };

/** What the tenant's outbound pacing says about one send to a lead or contact. */
export type OutboundReservation =
  | { ok: true; again: boolean; sentToday?: number; cap?: number }
  | { ok: false; reason: 'daily_cap'; cap: number; sentToday: number }
  | { ok: false; reason: 'spacing'; retryAfterMs: number; spacingSeconds: number };
