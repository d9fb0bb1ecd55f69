import { deriveWebhookToken } from './token.ts';

/** The path of the Worker's webhook route. */
export const WEBHOOK_PATH = '/webhooks/greenapi';

/**
 * What to set on a tenant's Green-API instance (console or SetSettings): the Worker's webhook URL
 * and the instance's own token, HMAC(GREENAPI_WEBHOOK_SECRET, idInstance). Only the Worker and the
 * CLI hold that secret: the agent never does.
 */
export async function webhookCredentials(secret: string, idInstance: string, publicUrl: string) {
  return {
    webhookUrl: `${publicUrl.replace(/\/+$/, '')}${WEBHOOK_PATH}`,
    webhookUrlToken: await deriveWebhookToken(secret, idInstance),
  };
}
