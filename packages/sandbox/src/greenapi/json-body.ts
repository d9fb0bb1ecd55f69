import type { IncomingMessage } from 'node:http';
import type { z } from 'zod';
import { readBody } from '../http/server.ts';
import type { ApiCall, ApiMethod } from './api-method.ts';

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

/** A POST method that takes a JSON body checked against `schema`: 400 with Green-API's message otherwise. */
export function postJson<S extends z.ZodType>(
  schema: S,
  run: (call: ApiCall, body: z.infer<S>) => void | Promise<void>,
): ApiMethod {
  return {
    verb: 'POST',
    async run(call) {
      const body = await jsonBody(call.req, schema);
      if (!body.ok) return call.fail(400, body.message);
      return run(call, body.data);
    },
  };
}
