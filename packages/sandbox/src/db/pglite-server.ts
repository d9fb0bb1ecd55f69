import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedPostgres {
  /** postgres:// URL of the socket server; use it with `postgres(url, { max: 1 })`. */
  url: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * PGlite (Postgres compiled to WASM) served over the Postgres wire protocol, so the production
 * postgres.js path is what runs locally. PGlite is a single session: one connection at a time.
 */
export async function startPglite(opts: { dataDir?: string; port?: number } = {}): Promise<EmbeddedPostgres> {
  const db = opts.dataDir ? await PGlite.create(opts.dataDir) : await PGlite.create();
  const port = opts.port ?? 0;
  const server = new PGLiteSocketServer({ db, port, host: '127.0.0.1' });
  await server.start();
  // getServerConn() is "host:port" with the port actually bound (port 0 picks a free one).
  const actual = Number(server.getServerConn().split(':').pop());
  return {
    url: `postgres://postgres@127.0.0.1:${actual}/postgres`,
    port: actual,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
