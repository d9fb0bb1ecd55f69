import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError, toHttp } from '@max/core';
import { readBody, send } from '../http/server.ts';
import type { FaultRule, FaultRuleInput } from './fault-rule.ts';

export const FAULTS_PATH = '/sandbox/faults';

/** The stand-ins' own routes (fault control, sent-message log, files): never faulted. */
export const isSandboxPath = (path: string) => path === '/sandbox' || path.startsWith('/sandbox/');

interface Controlled {
  add(rule: FaultRuleInput): FaultRule;
  remove(id: string): boolean;
  clear(): void;
  stats(): unknown;
}

async function readRule(req: IncomingMessage): Promise<FaultRuleInput> {
  let raw: Buffer;
  try {
    raw = await readBody(req, 64 * 1024);
  } catch (e) {
    throw new AppError('payload_too_large', 'fault rule larger than 64 KiB', { cause: e });
  }
  try {
    return JSON.parse(raw.toString('utf8')) as FaultRuleInput;
  } catch {
    throw new AppError('bad_request', 'fault rule is not JSON');
  }
}

async function route(layer: Controlled, req: IncomingMessage, res: ServerResponse, path: string) {
  const id = path.length > FAULTS_PATH.length ? decodeURIComponent(path.slice(FAULTS_PATH.length + 1)) : null;
  const method = req.method ?? 'GET';
  if (id === null && method === 'GET') return send(res, 200, layer.stats());
  if (id === null && method === 'POST') return send(res, 201, layer.add(await readRule(req)));
  if (id === null && method === 'DELETE') {
    layer.clear();
    return send(res, 200, { cleared: true });
  }
  if (id !== null && method === 'DELETE') {
    if (!layer.remove(id)) throw new AppError('not_found', `no fault rule ${id}`);
    return send(res, 200, { removed: id });
  }
  throw new AppError('method_not_allowed', `${method} ${FAULTS_PATH} is not supported`);
}

/**
 * `GET|POST|DELETE /sandbox/faults` and `DELETE /sandbox/faults/{id}`: the fault rules of a
 * running stand-in, for tests in another process and for curl. Returns false for other paths.
 */
export function faultControlRoute(
  layer: Controlled,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
): boolean {
  if (path !== FAULTS_PATH && !path.startsWith(`${FAULTS_PATH}/`)) return false;
  route(layer, req, res, path).catch((e: unknown) => {
    const { status, body } = toHttp(e);
    if (!res.headersSent) send(res, status, body);
  });
  return true;
}
