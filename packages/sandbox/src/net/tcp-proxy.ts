import { type AddressInfo, connect, createServer, type Socket } from 'node:net';

export interface TcpTarget {
  host: string;
  port: number;
}

export interface TcpProxyOptions {
  /** Where to forward: `{ host, port }`, "host:port", or a URL that has both (postgres://u@h:5432/db). */
  target: TcpTarget | string;
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
}

export interface TcpProxyStats {
  /** Connections accepted (refused ones included). */
  opened: number;
  /** Connections open now. */
  active: number;
  /** Open connections reset by cut(). */
  reset: number;
  /** New connections reset during a refusal window. */
  refused: number;
  /**
   * Connections reset by cut() while a request was in flight on them: the client had sent bytes
   * the server had not answered yet (for Postgres: a statement sent, its result not begun).
   */
  resetInFlight: number;
  /** Connections with a request in flight now. */
  inFlight: number;
  bytesToTarget: number;
  bytesFromTarget: number;
  paused: boolean;
  refusing: boolean;
}

interface Pair {
  client: Socket;
  upstream: Socket;
  /** The client sent bytes that the server has not answered yet. */
  awaiting: boolean;
}

/** "host:port" or a URL with a host and a port → { host, port }. */
export function parseTcpTarget(target: TcpTarget | string): TcpTarget {
  if (typeof target !== 'string') return target;
  const url = new URL(target.includes('://') ? target : `tcp://${target}`);
  const port = Number(url.port);
  if (!url.hostname || !Number.isInteger(port) || port <= 0)
    throw new Error(`TCP target needs a host and a port, got "${target}"`);
  return { host: url.hostname.replace(/^\[|\]$/g, ''), port };
}

/**
 * Copies src → dst with backpressure; while the proxy is paused src stays paused. `sent` runs once
 * each chunk has been handed to the operating system.
 */
function forward(
  src: Socket,
  dst: Socket,
  count: (n: number) => void,
  isPaused: () => boolean,
  sent: () => void = () => {},
): void {
  src.on('data', (chunk: Buffer) => {
    count(chunk.length);
    if (!dst.write(chunk, sent)) src.pause();
  });
  dst.on('drain', () => {
    if (!isPaused()) src.resume();
  });
  src.on('end', () => dst.end());
}

/**
 * A TCP proxy on 127.0.0.1 to put between a client and a server (the agent and Postgres) and
 * break the link on demand: `cut()` resets every open connection (and, for `refuseMs`, every new
 * one: the database is unreachable), `pause()` stops the bytes without closing anything (a hung
 * database) until `resume()`.
 */
export async function startTcpProxy(opts: TcpProxyOptions) {
  const target = parseTcpTarget(opts.target);
  const pairs = new Set<Pair>();
  let paused = false;
  let refuseUntil = 0;
  let armed: { refuseMs: number; done: (inFlight: number) => void } | null = null;
  const counts = { opened: 0, reset: 0, refused: 0, resetInFlight: 0, bytesToTarget: 0, bytesFromTarget: 0 };

  function cut(refuseMs: number): number {
    refuseUntil = Date.now() + refuseMs;
    let inFlight = 0;
    for (const p of pairs) {
      counts.reset++;
      if (p.awaiting) inFlight++;
      p.client.resetAndDestroy();
      p.upstream.destroy();
    }
    counts.resetInFlight += inFlight;
    pairs.clear();
    return inFlight;
  }

  const server = createServer((client) => {
    counts.opened++;
    client.on('error', () => {}); // a reset peer is the point here, not a crash
    if (Date.now() < refuseUntil) {
      counts.refused++;
      client.resetAndDestroy();
      return;
    }
    const upstream = connect(target.port, target.host);
    upstream.on('error', () => {});
    const pair: Pair = { client, upstream, awaiting: false };
    pairs.add(pair);
    const isPaused = () => paused;
    // Bytes to the server leave a request in flight on the pair; the first bytes back answer it.
    const tally = (bytes: 'bytesToTarget' | 'bytesFromTarget', awaiting: boolean) => (n: number) => {
      counts[bytes] += n;
      pair.awaiting = awaiting;
    };
    forward(client, upstream, tally('bytesToTarget', true), isPaused, () => {
      // An armed cut falls on the first request that has left for the server, unanswered.
      if (!armed || !pair.awaiting || !pairs.has(pair)) return;
      const a = armed;
      armed = null;
      a.done(cut(a.refuseMs));
    });
    forward(upstream, client, tally('bytesFromTarget', false), isPaused);
    if (paused) {
      client.pause();
      upstream.pause();
    }
    // When the server goes away the client sees a reset, as it would without the proxy.
    upstream.on('close', (hadError) => {
      pairs.delete(pair);
      if (hadError) client.resetAndDestroy();
      else client.destroySoon();
    });
    client.on('close', () => {
      pairs.delete(pair);
      upstream.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', resolve);
  });
  const port = (server.address() as AddressInfo).port;

  return {
    host: '127.0.0.1',
    port,
    target,
    /** `url` with its host and port replaced by the proxy's: e.g. a DATABASE_URL through the proxy. */
    rewrite(url: string): string {
      const u = new URL(url);
      u.hostname = '127.0.0.1';
      u.port = String(port);
      return u.toString();
    },
    /**
     * Resets every open connection; for `refuseMs` after this, new connections are reset too.
     * Returns how many had a request in flight.
     */
    cut(o: { refuseMs?: number } = {}): number {
      return cut(o.refuseMs ?? 0);
    },
    /**
     * Cuts (as `cut`) at the moment a client request has been sent to the server and is not
     * answered yet: the fault then certainly falls on work in flight. Resolves with how many
     * connections had a request in flight; null when `timeoutMs` passes first (then disarmed).
     */
    cutInFlight(o: { refuseMs?: number; timeoutMs: number }): Promise<number | null> {
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          armed = null;
          resolve(null);
        }, o.timeoutMs);
        armed = {
          refuseMs: o.refuseMs ?? 0,
          done: (n) => {
            clearTimeout(timer);
            resolve(n);
          },
        };
      });
    },
    /** Ends a refusal window early. */
    accept(): void {
      refuseUntil = 0;
    },
    /** Stops forwarding bytes on every connection, new ones included; nothing is closed. */
    pause(): void {
      paused = true;
      for (const p of pairs) {
        p.client.pause();
        p.upstream.pause();
      }
    },
    resume(): void {
      paused = false;
      for (const p of pairs) {
        p.client.resume();
        p.upstream.resume();
      }
    },
    stats(): TcpProxyStats {
      return {
        ...counts,
        active: pairs.size,
        inFlight: [...pairs].filter((p) => p.awaiting).length,
        paused,
        refusing: Date.now() < refuseUntil,
      };
    },
    async stop(): Promise<void> {
      for (const p of pairs) {
        p.client.destroy();
        p.upstream.destroy();
      }
      pairs.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type TcpProxy = Awaited<ReturnType<typeof startTcpProxy>>;
