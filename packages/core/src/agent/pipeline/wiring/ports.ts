import type { CrmClient } from '../../../crm/port.ts';
import type { LastIncomingMessage } from '../../../greenapi/client/schemas.ts';
import type { Logger } from '../../../shared/logger.ts';
import type { SecretCiphertext, Tenant } from '../../../store/types.ts';
import type { ChatModel } from '../../model/chat-model.ts';
import type { Transcriber } from '../../model/transcriber.ts';

export type { Transcriber };

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

export interface TenantClients {
  crm: CrmClient;
  whatsapp: WhatsAppSender;
  model: ChatModel | null;
  transcriber: Transcriber | null;
  /** HTTP requests `crm` has made so far in this unit of work (metering). */
  crmRequests?: () => number;
}

/**
 * A tenant's clients for one unit of work, logging with that work's logger (requestId, tenantId).
 * Implementations cache what outlives a message (decrypted secrets, the CRM's login token and
 * metadata) per tenant while its settings version holds.
 */
export interface TenantClientsProvider {
  forTenant(tenant: Tenant, secrets: SecretCiphertext[] | null, logger: Logger): Promise<TenantClients>;
  /**
   * The settings version of the cached clients of a tenant (by tenant id or Green-API instance), if
   * any: the store skips the secrets when it is current.
   */
  knownVersion(tenantIdOrInstance: string): number | undefined;
}
