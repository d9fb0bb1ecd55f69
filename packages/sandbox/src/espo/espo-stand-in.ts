import { createFaultLayer } from '../faults/fault-layer.ts';
import { mulberry32 } from '../faults/seeded-random.ts';
import { listen, send } from '../http/server.ts';
import { createEspoApp } from './app/espo-app.ts';
import { toRequest, writeResponse } from './app/node-adapter.ts';
import type { FieldDef } from './defs/index.ts';
import { espoFaultAnswer } from './errors.ts';
import { createEspoInstall, ESPO_DEMO_CREDENTIALS, type EspoInstallOptions } from './install.ts';
import { deliverWebhooks } from './webhooks.ts';

export { ESPO_DEMO_CREDENTIALS } from './install.ts';

export interface EspoFaults {
  /** Share of requests answered 500/503 (seeded random). */
  errorRate?: number;
  /** Share of requests never answered (the client's timeout fires). */
  timeoutRate?: number;
  /** The next N requests fail with 503. */
  failNext?: number;
}

export interface EspoStandInOptions extends EspoInstallOptions {
  port?: number;
  latencyMs?: number;
  faults?: EspoFaults;
  /** Seed of the deterministic random used by fault injection (ignored when `random` is given). */
  seed?: number;
  random?: () => number;
}

/**
 * A local EspoCRM 8.4 speaking its REST API with its semantics, as recorded in
 * shared/contracts/espocrm and read in EspoCRM 8.4.2's source (see README.md): auth headers, statuses,
 * X-Status-Reason, record shapes of Lead, Contact, Account, Opportunity, Call, Meeting, Task, Note and the
 * shipped custom entities, duplicates, validation, lists, relationships, lead conversion, merge, Field
 * Manager, layouts, metadata, labels — plus latency and faults. The API is a Hono app (app/espo-app.ts,
 * one file per controller in controllers/) served by node:http behind the shared fault layer.
 */
export async function startEspoStandIn(opts: EspoStandInOptions = {}) {
  const install = createEspoInstall(opts);
  const log: Array<{ method: string; path: string; status: number; user: string | null }> = [];
  let faults: EspoFaults = { ...opts.faults };
  const app = createEspoApp(install, {
    latencyMs: opts.latencyMs,
    random: opts.random ?? mulberry32(opts.seed ?? 42),
    current: () => faults,
  });

  const faultLayer = createFaultLayer({
    errorAnswer: espoFaultAnswer,
  });
  const srv = await listen(
    async (req, res) => {
      if (await faultLayer.intercept(req, res)) return;
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const api = toRequest(req);
      if (!api) send(res, 404, '');
      else await writeResponse(res, await app.fetch(api.request, { apiPath: api.apiPath }));
      log.push({ method: req.method ?? 'GET', path, status: res.statusCode, user: null });
    },
    opts.port ?? 0,
    { name: 'espo-stand-in' },
  );

  return {
    url: srv.url,
    stop: srv.stop,
    /** Fault rules, also at /sandbox/faults (see createFaultLayer). */
    faults: faultLayer,
    apiKey: ESPO_DEMO_CREDENTIALS.apiKey,
    credentials: ESPO_DEMO_CREDENTIALS,
    users: install.users,
    log,
    /** Runs EspoCRM's webhook queue job: POSTs the pending deliveries, signed. */
    runWebhookQueue: () => deliverWebhooks(install.hookQueue),
    setFaults(f: EspoFaults) {
      faults = { ...f };
    },
    addField(entity: string, name: string, def: FieldDef) {
      install.defsOf(entity)[name] = def;
    },
    state: {
      records: (entity: string) => [...install.table(entity).values()].filter((r) => !r.deleted),
      layout: (key: string) => install.layouts[key],
    },
  };
}

export type EspoStandIn = Awaited<ReturnType<typeof startEspoStandIn>>;
