import { generateKeyBase64, type Keyring } from '@max/core';

/** The stack's keyring and shared secrets: the environment's when set, else fresh dev ones for this run. */
export function readStackSecrets(env: Record<string, string | undefined>) {
  const keyring: Keyring = env.MAX_SECRET_KEYS
    ? (JSON.parse(env.MAX_SECRET_KEYS) as Keyring)
    : { activeKeyId: 'dev', keys: { dev: generateKeyBase64() } };
  const webhookSecret = env.GREENAPI_WEBHOOK_SECRET ?? `dev-webhook-secret-${generateKeyBase64()}`;
  const agentSecret = env.AGENT_SHARED_SECRET ?? `dev-agent-secret-${generateKeyBase64()}`;
  return { keyring, webhookSecret, agentSecret };
}
