import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createFaultLayer, type ErrorAnswer, type FaultLayer } from '../faults/fault-layer.ts';
import { listen, send } from '../http/server.ts';

export interface HttpFaultProxyOptions {
  /** The origin every request is forwarded to (http or https), e.g. a real EspoCRM. */
  target: string;
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** The service's error answer for an injected `error`/`rate_limit` status (default: empty body). */
  errorAnswer?: (status: number, path: string) => ErrorAnswer;
}

export interface HttpFaultProxy {
  url: string;
  port: number;
  /** The same fault rules as a stand-in's (latency, error, down, lose_answer…), also at /sandbox/faults. */
  faults: FaultLayer;
  /** Requests forwarded to the target (faulted ones that never reached it excluded). */
  forwarded(): number;
  stop(): Promise<void>;
}

/** Hop-by-hop headers are the proxy's own (RFC 9110 §7.6.1); the rest goes through unchanged. */
const HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

function endToEnd(headers: IncomingMessage['headers']): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined && !HOP.has(k)) out[k] = v;
  return out;
}

/**
 * An HTTP proxy in front of a real service with a stand-in's fault layer: what a flaky tunnel or
 * a service that goes down does to its clients, for a service whose own code cannot be faulted
 * (a real EspoCRM). A `lose_answer` rule lets the request reach the service (the write happens)
 * and drops the answer on the way back, exactly as the stand-ins do it.
 */
export async function startHttpFaultProxy(o: HttpFaultProxyOptions): Promise<HttpFaultProxy> {
  const target = new URL(o.target);
  const faults = createFaultLayer(o.errorAnswer ? { errorAnswer: o.errorAnswer } : {});
  const doRequest = target.protocol === 'https:' ? httpsRequest : httpRequest;
  let forwarded = 0;

  const forward = (req: IncomingMessage, res: ServerResponse) =>
    new Promise<void>((done) => {
      forwarded++;
      const upstream = doRequest(
        {
          protocol: target.protocol,
          hostname: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers: { ...endToEnd(req.headers), host: target.host },
        },
        (answer) => {
          // Headers leave with the first write, so a lose_answer rule can still swallow them.
          res.writeHead(answer.statusCode ?? 502, endToEnd(answer.headers));
          answer.pipe(res);
          answer.on('end', done);
          answer.on('error', () => {
            res.destroy();
            done();
          });
        },
      );
      upstream.on('error', (e) => {
        if (!res.headersSent) send(res, 502, { error: `upstream: ${e.message}` });
        else res.destroy();
        done();
      });
      req.pipe(upstream);
    });

  const srv = await listen(faults.wrap(forward), o.port ?? 0);
  return { url: srv.url, port: srv.port, faults, forwarded: () => forwarded, stop: srv.stop };
}
