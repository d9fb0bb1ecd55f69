import type { CrmClient } from '../../../crm/port.ts';
import type { Logger } from '../../../shared/logger.ts';
import type { SecretCiphertext, Tenant } from '../../../store/types.ts';
import type { ChatModel } from '../../model/chat-model.ts';
import type { Transcriber } from '../../model/transcriber.ts';
import type { WhatsAppSender } from '../../whatsapp-ports.ts';

export type { Transcriber };

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
