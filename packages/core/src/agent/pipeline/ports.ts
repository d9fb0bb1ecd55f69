import type { CrmClient } from '../../crm/port.ts';
import type { LastIncomingMessage } from '../../greenapi/client/schemas.ts';
import type { SecretCiphertext, Tenant } from '../../store/types.ts';
import type { ChatModel } from '../model/chat-model.ts';

/** Sends WhatsApp messages for one tenant (Green-API in production). */
export interface WhatsAppSender {
  sendMessage(m: {
    chatId: string;
    message: string;
    quotedMessageId?: string | null;
  }): Promise<{ idMessage: string }>;
  /** Fetches a media file (voice notes) from its download URL. */
  downloadFile?(url: string): Promise<ArrayBuffer>;
  /** Recent incoming messages (the lost-webhook backstop). */
  lastIncomingMessages?(minutes: number): Promise<LastIncomingMessage[]>;
}

/** Speech to text for voice notes (OpenAI audio API in production). */
export interface Transcriber {
  transcribe(
    file: { bytes: ArrayBuffer; mimeType: string | null; fileName: string | null },
    lang: 'fr' | 'en',
  ): Promise<string>;
}

export interface TenantClients {
  crm: CrmClient;
  whatsapp: WhatsAppSender;
  model: ChatModel | null;
  transcriber: Transcriber | null;
}

/** Builds a tenant's clients from its decrypted secrets; the adapter provides it. */
export type TenantClientsFactory = (tenant: Tenant, secrets: SecretCiphertext[]) => Promise<TenantClients>;
