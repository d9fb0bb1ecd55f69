import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedPostgres {
  /** postgres:// URL of the socket server; use it with `postgres(url, { max: 1 })`. */
  url: string;
  port: number;
  /** The embedded database itself (for dumps); queries should go through `url`. */
  db: PGlite;
  stop(): Promise<void>;
}

export interface StartPgliteOptions {
  /** Persist to this directory; in memory when absent. */
  dataDir?: string;
  /** 0 or absent: a free port. */
  port?: number;
  /** Start from a `dumpDataDir()` tarball instead of running initdb (~0.7 s instead of ~4 s). */
  loadDataDir?: Blob;
  /**
   * Clients served at once (default 1). Above 1, pglite-socket multiplexes them over PGlite's one
   * session, one transaction at a time: fine for transaction-local settings (every role and claim
   * MAX sets is `set_config(…, true)`), never for session-level ones.
   */
  maxConnections?: number;
}

/**
 * PGlite (Postgres compiled to WASM) served over the Postgres wire protocol on 127.0.0.1, so the
 * production postgres.js path is what runs locally. PGlite is a single session: one connection at
 * a time, so transaction-local role and claims cannot leak between clients.
 */
export async function startPglite(opts: StartPgliteOptions = {}): Promise<EmbeddedPostgres> {
  const db = await PGlite.create({
    ...(opts.dataDir ? { dataDir: opts.dataDir } : {}),
    ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}),
  });
  const server = new PGLiteSocketServer({
    db,
    port: opts.port ?? 0,
    host: '127.0.0.1',
    maxConnections: opts.maxConnections ?? 1,
  });
  await server.start();
  // getServerConn() is "host:port" with the port actually bound (port 0 picks a free one).
  const port = Number(server.getServerConn().split(':').pop());
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    db,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
