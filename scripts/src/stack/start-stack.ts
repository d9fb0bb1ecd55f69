import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  createOperatorKey,
  deriveWebhookToken,
  generateKeyBase64,
  type Keyring,
  OPERATOR_SCOPES,
} from '@max/core';
import {
  type AuthStandIn,
  authUsers,
  espoFaultAnswer,
  type HttpFaultProxy,
  migrate,
  type SupervisedProcess,
  startAuthStandIn,
  startEspoStandIn,
  startGreenApiStandIn,
  startHttpFaultProxy,
  startPglite,
  startTcpProxy,
  superviseProcess,
  type TcpProxy,
} from '@max/sandbox';
import postgres from 'postgres';
import { buildConsole } from './console-build.ts';
import { alignDemoCrm } from './demo-crm-locale.ts';
import { DEMO, seedDemo } from './demo-tenant.ts';
import { DEMO_USERS, seedDemoUsers } from './demo-users.ts';
import { freezeWorker } from './frozen-worker.ts';
import { assertPortsFree, readStackPorts, STACK_PORTS, type StackPorts } from './ports.ts';
import { type Managed, startProcess, stopProcess, waitForService } from './processes.ts';
import { setSender } from './tenants.ts';

export const benchSender = (i: number) => `336100${String(i).padStart(5, '0')}@c.us`;

export const ROOT = resolve(import.meta.dirname, '../../..');

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

export interface Stack {
  urls: {
    worker: string;
    webhook: string;
    agent: string;
    espo: string;
    green: string;
    db: string;
    /** The web console (served by the Worker) and Supabase Auth's stand-in (SUPABASE_URL). */
    console: string;
    auth: string;
  };
  demo: { tenantId: string; idInstance: string; admin: string; member: string; webhookToken: string };
  espoIsReal: boolean;
  /** The stand-ins, in this process (fault rules, records, sent messages); espo is null with ESPO_URL. */
  standIns: {
    espo: Awaited<ReturnType<typeof startEspoStandIn>> | null;
    green: Awaited<ReturnType<typeof startGreenApiStandIn>>;
    auth: AuthStandIn;
  };
  /** The console's demo people (admin, member, viewer of the demo tenant; the operator). */
  demoUsers: typeof DEMO_USERS;
  /** The proxy between the agent and Postgres (with `dbProxy`). */
  dbProxy: TcpProxy | null;
  /** The fault proxy between the agent and a real EspoCRM (with `crmFaults` and ESPO_URL). */
  crmProxy: HttpFaultProxy | null;
  /** The agent's supervisor (with `superviseAgent`): kill('SIGKILL'), restart(). */
  agentProcess: SupervisedProcess | null;
  /** The webhook token of any Green-API instance (another tenant's). */
  webhookTokenFor(idInstance: string): Promise<string>;
  model: 'openai' | 'rules';
  /** The (dev) keyring the agent decrypts tenant secrets with: the tenant CLI needs it too. */
  keyring: Keyring;
  /** A dev operator key with every scope, for /api/admin (made at seed time, like any other). */
  operatorKey: string;
  /** The secret the Worker signs agent calls with (a replay signs its call the same way). */
  agentSecret: string;
  stop(): Promise<void>;
}

/**
 * The whole system on this machine: Postgres (PGlite, or DATABASE_URL), the EspoCRM stand-in
 * (or ESPO_URL), the Green-API stand-in, the agent function under Deno and the Worker under
 * `wrangler dev` with its local queue. The same code paths as production, stand-ins at the edges.
 */
export async function startStack(o: StackOptions = {}): Promise<Stack> {
  if (o.testScheduled && o.frozenWorker)
    throw new Error('testScheduled needs wrangler to bundle the Worker: not with frozenWorker');
  const ports = o.ports ?? readStackPorts(process.env);
  const espoReal = Boolean(process.env.ESPO_URL);
  const serverDbUrl = o.databaseUrl ?? process.env.DATABASE_URL;
  // Every port this run will bind, checked before anything starts: a taken one is one clear line.
  const { espo: espoPort, db: dbPort, ...always } = ports;
  await assertPortsFree(
    {
      ...always,
      ...(espoReal ? {} : { espo: espoPort }),
      ...(serverDbUrl ? {} : { db: dbPort }),
    },
    !o.ports,
  );
  const identify = (component: keyof StackPorts, service: string, proc?: Managed) => ({
    service,
    label: STACK_PORTS[component].label,
    portEnv: o.ports ? undefined : STACK_PORTS[component].env,
    timeoutMs: 120_000,
    ...(proc ? { proc } : {}),
  });
  const cleanups: Array<() => Promise<void>> = [];
  const procs: Managed[] = [];
  const stop = async () => {
    for (const p of procs.reverse()) await stopProcess(p);
    for (const c of cleanups.reverse()) await c().catch(() => {});
  };
  try {
    const keyring: Keyring = process.env.MAX_SECRET_KEYS
      ? (JSON.parse(process.env.MAX_SECRET_KEYS) as Keyring)
      : { activeKeyId: 'dev', keys: { dev: generateKeyBase64() } };
    const webhookSecret = process.env.GREENAPI_WEBHOOK_SECRET ?? `dev-webhook-secret-${generateKeyBase64()}`;
    const agentSecret = process.env.AGENT_SHARED_SECRET ?? `dev-agent-secret-${generateKeyBase64()}`;

    // The stand-in is EspoCRM as infra/scaleway-espocrm installs it (MissionMAX, DiagnosticIA, cTenantId).
    const espo = espoReal ? null : await startEspoStandIn({ port: ports.espo, customizations: 'infra' });
    if (espo) {
      cleanups.push(espo.stop);
      await waitForService(`${espo.url}/__health`, identify('espo', 'espo-stand-in'));
    }
    const green = await startGreenApiStandIn({ port: ports.green });
    cleanups.push(green.stop);
    await waitForService(`${green.url}/__health`, identify('green', 'green-api-stand-in'));

    // The console is built first: the Worker serves it (wrangler.toml [assets]).
    await buildConsole(ROOT);

    let dbUrl = serverDbUrl;
    if (!dbUrl) {
      // The agent, Supabase Auth's stand-in and `npm run tenant` each get a client, multiplexed.
      const pg = await startPglite({ port: ports.db, maxConnections: 4 });
      cleanups.push(pg.stop);
      dbUrl = pg.url;
    }
    const sql = postgres(dbUrl, { max: 1, onnotice: () => {} });
    await migrate(sql);
    const espoUrl = process.env.ESPO_URL ?? espo!.url;
    const crmProxy =
      espoReal && o.crmFaults
        ? await startHttpFaultProxy({ target: espoUrl, errorAnswer: espoFaultAnswer })
        : null;
    if (crmProxy) cleanups.push(crmProxy.stop);
    await seedDemo(sql, {
      keyring,
      espoUrl: crmProxy?.url ?? espoUrl,
      greenUrl: green.url,
      espoApiKey: process.env.ESPO_API_KEY ?? espo!.apiKey,
      greenToken: green.tokenFor(DEMO.idInstance),
      ...(espo
        ? { espoAdmin: { username: espo.credentials.adminUser, password: espo.credentials.adminPassword } }
        : {}),
    });
    if (espo) await alignDemoCrm(espo);
    await o.seed?.(sql, { keyring, greenUrl: green.url, greenToken: (id) => green.tokenFor(id) });
    for (let i = 0; i < (o.extraSenders ?? 0); i++)
      await setSender(sql, DEMO.tenantId, benchSender(i), 'member');
    // Where people open the demo's CRM records from the console.
    await sql`update tenants set crm_public_url = ${espoUrl} where id = ${DEMO.tenantId}`;

    // Supabase Auth, as the page and the Worker reach it (SUPABASE_URL), with the demo people.
    const workerUrl = `http://127.0.0.1:${ports.worker}`;
    const authSql = postgres(dbUrl, { max: 1, onnotice: () => {} });
    cleanups.push(() => authSql.end({ timeout: 1 }));
    const auth = await startAuthStandIn({ sql: authSql, port: ports.auth, siteUrl: workerUrl });
    cleanups.push(auth.stop);
    await waitForService(`${auth.url}/__health`, identify('auth', 'auth-stand-in'));
    await seedDemoUsers(auth, authUsers(authSql), sql);
    const operatorKey = (
      await createOperatorKey(sql, {
        name: 'dev',
        scopes: [...OPERATOR_SCOPES],
        tenantIds: null,
        createdBy: 'cli:dev-stack',
      })
    ).key;
    // The set-up connection is done: the agent, Auth and the CLI have their own.
    await sql.end();

    const quiet = o.quiet ?? false;
    const agentUrl = `http://127.0.0.1:${ports.agent}/functions/v1/agent`;
    // The agent's own way to the database: direct, or through a proxy a fault run can cut.
    let dbProxy: TcpProxy | null = null;
    if (o.dbProxy) {
      dbProxy = await startTcpProxy({ target: dbUrl });
      cleanups.push(dbProxy.stop);
    }
    const agentArgs = [
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
    const agentEnv = {
      PORT: String(ports.agent),
      DATABASE_URL: dbProxy ? dbProxy.rewrite(dbUrl) : dbUrl,
      DB_POOL_MAX: serverDbUrl ? '5' : '1',
      // PGlite has one connection: released when idle, `npm run tenant` can use it between messages.
      DB_IDLE_TIMEOUT_S: serverDbUrl ? '0' : '2',
      AGENT_SHARED_SECRET: agentSecret,
      MAX_SECRET_KEYS: JSON.stringify(keyring),
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
      // Voice notes of the Green-API stand-in are served from its own origin.
      MEDIA_HOSTS: green.url,
      // The console's invitations go to Supabase Auth's admin API (the stand-in here).
      SUPABASE_URL: auth.supabaseUrl,
      SUPABASE_SERVICE_ROLE_KEY: auth.secretKey,
      ...(o.burstWindowMs !== undefined ? { BURST_WINDOW_MS: String(o.burstWindowMs) } : {}),
      ...o.agentEnv,
    };
    let agentProcess: SupervisedProcess | null = null;
    if (o.superviseAgent) {
      // Under a supervisor: its own process group, so SIGKILL reaches deno behind npx; restart() reuses the recipe.
      const supervised = superviseProcess({
        name: 'agent',
        command: 'npx',
        args: agentArgs,
        cwd: ROOT,
        env: agentEnv,
        readyUrl: agentUrl,
        readyTimeoutMs: 120_000,
        onLine: (line) => {
          o.onLine?.('agent', line);
          if (!quiet) process.stdout.write(`[agent] ${line}\n`);
        },
      });
      agentProcess = supervised;
      cleanups.push(async () => {
        await supervised.stop();
      });
      await supervised.start();
      await waitForService(agentUrl, identify('agent', 'agent'));
    } else {
      const agent = startProcess('agent', 'npx', agentArgs, {
        cwd: ROOT,
        quiet,
        env: agentEnv,
        ...(o.onLine ? { onLine: (line: string) => o.onLine?.('agent', line) } : {}),
      });
      procs.push(agent);
      await waitForService(agentUrl, identify('agent', 'agent', agent));
    }

    const state = mkdtempSync(join(tmpdir(), 'max-wrangler-'));
    const devVars = join(state, '.dev.vars');
    writeFileSync(devVars, `GREENAPI_WEBHOOK_SECRET=${webhookSecret}\nAGENT_SHARED_SECRET=${agentSecret}\n`);
    const config = o.frozenWorker ? await freezeWorker(ROOT, join(state, 'worker')) : 'wrangler.toml';
    const worker = startProcess(
      'worker',
      'npx',
      [
        'wrangler',
        'dev',
        '--config',
        config,
        ...(o.frozenWorker ? ['--no-bundle'] : []),
        '--ip',
        '127.0.0.1',
        '--port',
        String(ports.worker),
        '--inspector-port',
        String(ports.inspector),
        '--persist-to',
        state,
        '--env-file',
        devVars,
        '--var',
        `AGENT_URL:${agentUrl}`,
        '--var',
        `SUPABASE_URL:${auth.supabaseUrl}`,
        '--var',
        `SUPABASE_PUBLISHABLE_KEY:${auth.publishableKey}`,
        ...Object.entries(o.workerVars ?? {}).flatMap(([k, v]) => ['--var', `${k}:${v}`]),
        '--show-interactive-dev-session=false',
        ...(o.testScheduled ? ['--test-scheduled'] : []),
        '--log-level',
        // 'log' lets the Worker's own console lines through too (wrangler ranks them below 'info').
        o.onLine ? 'log' : quiet ? 'error' : 'info',
      ],
      {
        cwd: ROOT,
        quiet,
        env: { WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', CI: 'true' },
        ...(o.onLine ? { onLine: (line: string) => o.onLine?.('worker', line) } : {}),
      },
    );
    procs.push(worker);
    await waitForService(`${workerUrl}/api/health`, identify('worker', 'webhook', worker));

    return {
      urls: {
        worker: workerUrl,
        webhook: `${workerUrl}/webhooks/greenapi`,
        agent: agentUrl,
        espo: espoUrl,
        green: green.url,
        db: dbUrl,
        console: `${workerUrl}/`,
        auth: auth.supabaseUrl,
      },
      demo: {
        tenantId: DEMO.tenantId,
        idInstance: DEMO.idInstance,
        admin: DEMO.admin,
        member: DEMO.member,
        webhookToken: await deriveWebhookToken(webhookSecret, DEMO.idInstance),
      },
      espoIsReal: espoReal,
      standIns: { espo, green, auth },
      demoUsers: DEMO_USERS,
      dbProxy,
      crmProxy,
      agentProcess,
      webhookTokenFor: (idInstance: string) => deriveWebhookToken(webhookSecret, idInstance),
      keyring,
      operatorKey,
      agentSecret,
      model: process.env.OPENAI_API_KEY ? 'openai' : 'rules',
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}
