import { createFaultLayer } from '../faults/fault-layer.ts';
import { listen } from '../http/server.ts';
import { apiError } from './api-error.ts';
import { greenApiHandler } from './api-handler.ts';
import { standInControls } from './stand-in-controls.ts';
import { createGreenApiState, type TokenOptions } from './stand-in-state.ts';

export interface GreenApiStandInOptions extends TokenOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Added before every API answer. */
  latencyMs?: number;
}

/**
 * A local Green-API on 127.0.0.1: the real paths (`/waInstance{id}/{method}/{token}`), 401 on a
 * wrong token, 400 on a bad sendMessage body, a record of every message sent (also over HTTP at
 * `/sandbox/messages`), media files, lastIncomingMessages, lastOutgoingMessages and getMessage
 * (the journals of what was sent), instance state and settings, and
 * failures on demand (any status, e.g. 429/466/500, or a hang for timeouts).
 */
export async function startGreenApiStandIn(opts: GreenApiStandInOptions = {}) {
  const state = createGreenApiState(opts);
  const faults = createFaultLayer({
    errorAnswer: (s, path) => ({ body: apiError(s, 'Injected fault', path) }),
  });
  const srv = await listen(greenApiHandler(state, faults, opts.latencyMs), opts.port ?? 0, {
    name: 'green-api-stand-in',
  });
  return {
    url: srv.url,
    port: srv.port,
    stop: srv.stop,
    /** Fault rules, also at /sandbox/faults (see createFaultLayer); `failNext` still works. */
    faults,
    ...standInControls(state, srv.url),
  };
}

export type GreenApiStandIn = Awaited<ReturnType<typeof startGreenApiStandIn>>;
