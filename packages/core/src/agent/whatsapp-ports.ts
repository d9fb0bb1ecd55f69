import type { LastIncomingMessage } from '../greenapi/client/schemas.ts';

/** Sends WhatsApp messages for one tenant (Green-API in production). */
export interface WhatsAppSender {
  /**
   * Sends one message. Never retried blindly: a failure says whether anything may have gone out
   * (AppError details.delivery 'unknown') or provably not ('not_sent').
   */
  sendMessage(m: {
    chatId: string;
    message: string;
    quotedMessageId?: string | null;
  }): Promise<{ idMessage: string }>;
  /**
   * The ids of messages with this text sent to this chat since `since`, from the provider's own
   * record: decides whether a send whose outcome was unknown went out.
   */
  findSent?(m: { chatId: string; message: string; since: Date }): Promise<string[]>;
  /** Fetches a media file (voice notes) from its download URL. */
  downloadFile?(url: string): Promise<ArrayBuffer>;
  /** Recent incoming messages (the lost-webhook backstop). */
  lastIncomingMessages?(minutes: number): Promise<LastIncomingMessage[]>;
}

/** What became of one message MAX sends on its own initiative. */
export type OutboundResult =
  | { ok: true; idMessage: string; again: boolean; sentToday?: number; cap?: number }
  | { ok: false; reason: 'daily_cap'; cap: number }
  | { ok: false; reason: 'spacing'; retryAfterMs: number }
  | { ok: false; reason: 'outbound_off' };

/** Sends to leads and contacts, paced and capped per tenant, each send once per key. */
export interface OutboundPort {
  /** `retryOf`: an earlier attempt may already have sent it (Green-API's record is read first). */
  send(m: { chatId: string; text: string; key: string; retryOf?: { since: Date } }): Promise<OutboundResult>;
}
