import type { Keyring } from '@max/core';
import {
  type AuthStandIn,
  type SupervisedProcess,
  startTcpProxy,
  superviseProcess,
  type TcpProxy,
} from '@max/sandbox';
import type { StackPorts } from './ports.ts';
import { startProcess, waitForService } from './processes.ts';
import type { StackServiceCheck } from './service-check.ts';
import type { StackOptions } from './stack-options.ts';
import type { Teardown } from './teardown.ts';

const AGENT_ARGS = [
  'deno',
  'run',
  '--quiet',
  '--allow-net',
  '--allow-env',
  '--allow-read',
  '--allow-sys',
  '--config',
  'supabase/functions/agent/deno.json',
  'supabase/functions/agent/index.ts',
];

export interface AgentStart {
  root: string;
  ports: StackPorts;
  dbUrl: string;
  /** The database is a PostgreSQL server's (a pool), not PGlite's single connection. */
  serverDb: boolean;
  agentSecret: string;
  keyring: Keyring;
  /** The Green-API stand-in's origin. */
  greenUrl: string;
  auth: AuthStandIn;
  quiet: boolean;
  teardown: Teardown;
  check: StackServiceCheck;
}

/** The agent function under Deno, answering: directly, or under a supervisor (`superviseAgent`). */
export async function startAgent(
  o: Pick<StackOptions, 'dbProxy' | 'burstWindowMs' | 'agentEnv' | 'superviseAgent' | 'onLine'>,
  a: AgentStart,
): Promise<{ agentUrl: string; dbProxy: TcpProxy | null; agentProcess: SupervisedProcess | null }> {
  const { quiet, dbUrl } = a;
  const agentUrl = `http://127.0.0.1:${a.ports.agent}/functions/v1/agent`;
  // The agent's own way to the database: direct, or through a proxy a fault run can cut.
  let dbProxy: TcpProxy | null = null;
  if (o.dbProxy) {
    dbProxy = await startTcpProxy({ target: dbUrl });
    a.teardown.add(dbProxy.stop);
  }
  const agentEnv = {
    PORT: String(a.ports.agent),
    DATABASE_URL: dbProxy ? dbProxy.rewrite(dbUrl) : dbUrl,
    DB_POOL_MAX: a.serverDb ? '5' : '1',
    // PGlite has one connection: released when idle, `npm run tenant` can use it between messages.
    DB_IDLE_TIMEOUT_S: a.serverDb ? '0' : '2',
    AGENT_SHARED_SECRET: a.agentSecret,
    MAX_SECRET_KEYS: JSON.stringify(a.keyring),
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    // Voice notes of the Green-API stand-in are served from its own origin.
    MEDIA_HOSTS: a.greenUrl,
    // The console's invitations go to Supabase Auth's admin API (the stand-in here).
    SUPABASE_URL: a.auth.supabaseUrl,
    SUPABASE_SERVICE_ROLE_KEY: a.auth.secretKey,
    ...(o.burstWindowMs !== undefined ? { BURST_WINDOW_MS: String(o.burstWindowMs) } : {}),
    ...o.agentEnv,
  };
  let agentProcess: SupervisedProcess | null = null;
  if (o.superviseAgent) {
    // Under a supervisor: its own process group, so SIGKILL reaches deno behind npx; restart() reuses the recipe.
    const supervised = superviseProcess({
      name: 'agent',
      command: 'npx',
      args: AGENT_ARGS,
      cwd: a.root,
      env: agentEnv,
      readyUrl: agentUrl,
      readyTimeoutMs: 120_000,
      onLine: (line) => {
        o.onLine?.('agent', line);
        if (!quiet) process.stdout.write(`[agent] ${line}\n`);
      },
    });
    agentProcess = supervised;
    a.teardown.add(async () => {
      await supervised.stop();
    });
    await supervised.start();
    await waitForService(agentUrl, a.check('agent', 'agent'));
  } else {
    const agent = startProcess('agent', 'npx', AGENT_ARGS, {
      cwd: a.root,
      quiet,
      env: agentEnv,
      ...(o.onLine ? { onLine: (line: string) => o.onLine?.('agent', line) } : {}),
    });
    a.teardown.own(agent);
    await waitForService(agentUrl, a.check('agent', 'agent', agent));
  }
  return { agentUrl, dbProxy, agentProcess };
}
