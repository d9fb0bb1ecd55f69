import type { Keyring } from '@max/core';
import type postgres from 'postgres';
import type { StackPorts } from './ports.ts';

export interface StackOptions {
  quiet?: boolean;
  /** Where each component listens; MAX_*_PORT or the defaults when absent (see ports.ts). */
  ports?: StackPorts;
  /** Authorised member senders to add (336100000NN@c.us), for load runs across many chats. */
  extraSenders?: number;
  /** The agent's burst window (ms); the production default is 3000. */
  burstWindowMs?: number;
  /** A database on a PostgreSQL server to use (migrated and seeded here); wins over DATABASE_URL. */
  databaseUrl?: string;
  /** The agent reaches Postgres through a TCP proxy (`stack.dbProxy`), so a run can cut its connections. */
  dbProxy?: boolean;
  /**
   * With a real EspoCRM (ESPO_URL), the demo tenant reaches it through an HTTP fault proxy
   * (`stack.crmProxy`), so a run can fault a CRM whose own code it cannot touch.
   */
  crmFaults?: boolean;
  /** The agent runs under a supervisor (`stack.agentProcess`), so a run can SIGKILL and restart it. */
  superviseAgent?: boolean;
  /** Added to the agent's environment (e.g. CRM_TIMEOUT_MS). */
  agentEnv?: Record<string, string>;
  /** Worker vars passed as `wrangler dev --var` (e.g. RETRY_BASE_SECONDS), over wrangler.toml's. */
  workerVars?: Record<string, string>;
  /**
   * Serve the Worker bundled once at start: edits elsewhere in the tree do not reload it (a reload
   * of `wrangler dev` drops its local queue, and with it every message waiting for a retry).
   */
  frozenWorker?: boolean;
  /**
   * More rows before the agent starts (PGlite serves one connection, the agent's from then on):
   * `sql` is the owner's connection, `greenToken` the Green-API stand-in's token of an instance.
   */
  seed?: (
    sql: postgres.Sql,
    ctx: { keyring: Keyring; greenUrl: string; greenToken: (idInstance: string) => string },
  ) => Promise<void>;
  /** Every output line of the agent and the Worker, quiet or not (a fault run keeps them in files). */
  onLine?: (component: 'agent' | 'worker', line: string) => void;
  /**
   * `wrangler dev --test-scheduled`: GET {worker}/__scheduled fires the cron, as Cloudflare does.
   * Wrangler adds that route when it bundles: not with `frozenWorker`.
   */
  testScheduled?: boolean;
}
