import type { IncomingMessage } from 'node:http';
import type { z } from 'zod';
import { readBody } from '../http/server.ts';

/** A request's JSON body checked against `schema`, or the 400 message Green-API would give. */
export async function jsonBody<S extends z.ZodType>(
  req: IncomingMessage,
  schema: S,
): Promise<{ ok: true; data: z.infer<S> } | { ok: false; message: string }> {
  let body: unknown;
  try {
    body = JSON.parse((await readBody(req, 1024 * 1024)).toString('utf8'));
  } catch {
    return { ok: false, message: 'Invalid JSON' };
  }
  const parsed = schema.safeParse(body);
  if (parsed.success) return { ok: true, data: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, message: `Validation failed: ${issue?.path.join('.') || 'body'} ${issue?.message}` };
}
