import type { MiddlewareHandler } from 'hono';
import { sleep } from '../../http/server.ts';
import { authenticate } from '../auth.ts';
import type { EspoInstall } from '../install.ts';
import { answer, type EspoEnv, noAnswer } from './http.ts';

/** The stand-in's own faults (`faults` option, `setFaults`), read at each request. */
export interface FaultSource {
  latencyMs?: number;
  random(): number;
  current(): { errorRate?: number; timeoutRate?: number; failNext?: number };
}

/** Latency first, then the next-N 503s, the never-answered share and the 500/503 share. */
export const faultsAndLatency =
  (f: FaultSource): MiddlewareHandler<EspoEnv> =>
  async (c, next) => {
    c.set('parts', c.env.apiPath.split('/').filter(Boolean));
    if (f.latencyMs) await sleep(f.latencyMs);
    const faults = f.current();
    if ((faults.failNext ?? 0) > 0) {
      faults.failNext = (faults.failNext ?? 0) - 1;
      return answer(503, '', { 'X-Status-Reason': 'Maintenance' });
    }
    if (faults.timeoutRate && f.random() < faults.timeoutRate) return noAnswer(); // the client's timeout decides
    if (faults.errorRate && f.random() < faults.errorRate) return answer(f.random() < 0.5 ? 500 : 503, '');
    await next();
  };

/** EspoCRM's authentication (see auth.ts): no credentials → 401 with a Basic challenge, bad → 401. */
export const authentication =
  (i: EspoInstall): MiddlewareHandler<EspoEnv> =>
  async (c, next) => {
    const auth = authenticate(c.req.raw.headers, c.req.method, c.env.apiPath, i.users);
    if (auth === 'none') return answer(401, '', { 'WWW-Authenticate': 'Basic realm=""' });
    if (auth === 'bad') return answer(401, '');
    c.set('user', auth);
    c.set('raw', await c.req.text());
    await next();
  };
