import { deriveWebhookToken, tokenPresented } from '../greenapi/webhook/token.ts';

/**
 * The per-instance webhook token, derived once per isolate and instance instead of an HMAC on
 * every webhook. Bounded: a stranger cycling idInstance values only evicts entries (each one still
 * costs them the HMAC it always cost).
 */
const MAX_INSTANCES = 1024;
const bySecret = new Map<string, Map<string, string>>();

async function expectedToken(secret: string, idInstance: string): Promise<string> {
  let tokens = bySecret.get(secret);
  if (!tokens) {
    // A secret rotation leaves the old map behind: keep only the current one.
    bySecret.clear();
    tokens = new Map();
    bySecret.set(secret, tokens);
  }
  const known = tokens.get(idInstance);
  if (known) return known;
  const token = await deriveWebhookToken(secret, idInstance);
  if (tokens.size >= MAX_INSTANCES) tokens.delete(tokens.keys().next().value as string);
  tokens.set(idInstance, token);
  return token;
}

/** Accepts `Bearer <token>` and the bare token (Green-API sends either); constant time. */
export async function checkWebhookToken(
  secret: string,
  idInstance: string,
  authorization: string | null,
): Promise<boolean> {
  return tokenPresented(await expectedToken(secret, idInstance), authorization);
}
