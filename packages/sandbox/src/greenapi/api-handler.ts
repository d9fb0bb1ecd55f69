/**
 * The Green-API request path: fault rules, the sandbox routes, then `/waInstance{id}/{method}/{token}`
 * with the token check, the failures asked for by `failNext`, and the method's own answer.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultLayer } from '../faults/fault-layer.ts';
import { send, sleep } from '../http/server.ts';
import { apiError } from './api-error.ts';
import type { ApiMethod } from './api-method.ts';
import { instanceMethods } from './instance-methods.ts';
import { messageMethods } from './message-methods.ts';
import { sandboxRoute } from './sandbox-routes.ts';
import type { GreenApiState } from './stand-in-state.ts';

// A Map, not an object: a path's method name must not reach Object.prototype ('toString').
const METHODS = new Map<string, ApiMethod>(Object.entries({ ...messageMethods, ...instanceMethods }));

/** Whether `given` opens instance `id`: its own token unless revoked, or one it also accepts. */
function tokenValid(state: GreenApiState, id: string, given: string): boolean {
  const expected = state.tokenFor(id);
  return (
    (Boolean(expected) && given === expected && !state.refused.get(id)?.has(given)) ||
    Boolean(state.accepted.get(id)?.has(given))
  );
}

export function greenApiHandler(state: GreenApiState, faults: FaultLayer, latencyMs: number | undefined) {
  return async (req: IncomingMessage, res: ServerResponse) => {
    if (await faults.intercept(req, res)) return;
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (sandboxRoute(state, req, res, url)) return;
    const m = url.pathname.match(/^\/waInstance(\d+)\/([A-Za-z]+)\/([^/]+)$/);
    if (!m) return send(res, 404, apiError(404, 'Not Found', url.pathname));
    const [, id, method, token] = m as unknown as [string, string, string, string];
    if (latencyMs) await sleep(latencyMs);
    if (!tokenValid(state, id, decodeURIComponent(token))) {
      state.requests.push({ idInstance: id, method, status: 401 });
      return send(res, 401, apiError(401, 'Unauthorized', url.pathname));
    }
    const failure = state.failure;
    if (failure.remaining > 0 && (!failure.method || failure.method === method)) {
      failure.remaining--;
      state.requests.push({ idInstance: id, method, status: failure.status });
      if (failure.status === 'hang') return; // never answers: the client's timeout fires
      return send(
        res,
        failure.status,
        apiError(failure.status, 'Injected failure', url.pathname),
        failure.retryAfterSeconds === null ? {} : { 'retry-after': String(failure.retryAfterSeconds) },
      );
    }
    const answer = (status: number, body: unknown) => {
      state.requests.push({ idInstance: id, method, status });
      send(res, status, body);
    };
    const fail = (status: number, message: string) => answer(status, apiError(status, message, url.pathname));
    const route = METHODS.get(method);
    if (!route) return fail(404, `Unknown method ${method}`);
    if (req.method !== route.verb) return fail(405, 'Method Not Allowed');
    return route.run({ state, req, url, id, answer, fail });
  };
}
