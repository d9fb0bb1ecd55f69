import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { deriveWebhookToken, generateKeyBase64, type Keyring } from '@max/core';
import { migrate, startEspoStandIn, startGreenApiStandIn, startPglite } from '@max/sandbox';
import postgres from 'postgres';
import { DEMO, seedDemo } from './demo-tenant.ts';
import { type Managed, startProcess, stopProcess, waitForHttp } from './processes.ts';
import { setSender } from './tenants.ts';

export const benchSender = (i: number) => `336100${String(i).padStart(5, '0')}@c.us`;

export const ROOT = resolve(import.meta.dirname, '../../..');

export interface StackOptions {
  quiet?: boolean;
  ports?: Partial<{ espo: number; green: number; agent: number; worker: number; db: number }>;
  /** Authorised member senders to add (336100000NN@c.us), for load runs across many chats. */
  extraSenders?: number;
  /** The agent's burst window (ms); the production default is 3000. */
  burstWindowMs?: number;
}

export interface Stack {
  urls: { worker: string; webhook: string; agent: string; espo: string; green: string; db: string };
  demo: { tenantId: string; idInstance: string; admin: string; member: string; webhookToken: string };
  espoIsReal: boolean;
  model: 'openai' | 'rules';
  /** The (dev) keyring the agent decrypts tenant secrets with: the tenant CLI needs it too. */
  keyring: Keyring;
  stop(): Promise<void>;
}

/**
 * The whole system on this machine: Postgres (PGlite, or DATABASE_URL), the EspoCRM stand-in
 * (or ESPO_URL), the Green-API stand-in, the agent function under Deno and the Worker under
 * `wrangler dev` with its local queue. The same code paths as production, stand-ins at the edges.
 */
export async function startStack(o: StackOptions = {}): Promise<Stack> {
  const ports = { espo: 8090, green: 8091, agent: 54321, worker: 8787, db: 54322, ...o.ports };
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

    const espoReal = Boolean(process.env.ESPO_URL);
    const espo = espoReal ? null : await startEspoStandIn({ port: ports.espo });
    if (espo) cleanups.push(espo.stop);
    const green = await startGreenApiStandIn({ port: ports.green });
    cleanups.push(green.stop);

    let dbUrl = process.env.DATABASE_URL;
    if (!dbUrl) {
      const pg = await startPglite({ port: ports.db });
      cleanups.push(pg.stop);
      dbUrl = pg.url;
    }
    const sql = postgres(dbUrl, { max: 1, onnotice: () => {} });
    await migrate(sql);
    const espoUrl = process.env.ESPO_URL ?? espo!.url;
    await seedDemo(sql, {
      keyring,
      espoUrl,
      greenUrl: green.url,
      espoApiKey: process.env.ESPO_API_KEY ?? espo!.apiKey,
      greenToken: green.tokenFor(DEMO.idInstance),
      ...(espo
        ? { espoAdmin: { username: espo.credentials.adminUser, password: espo.credentials.adminPassword } }
        : {}),
    });
    for (let i = 0; i < (o.extraSenders ?? 0); i++)
      await setSender(sql, DEMO.tenantId, benchSender(i), 'member');
    // PGlite serves one connection at a time: the agent gets it.
    await sql.end();

    const quiet = o.quiet ?? false;
    const agentUrl = `http://127.0.0.1:${ports.agent}/functions/v1/agent`;
    const agent = startProcess(
      'agent',
      'npx',
      [
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
      ],
      {
        cwd: ROOT,
        quiet,
        env: {
          PORT: String(ports.agent),
          DATABASE_URL: dbUrl,
          DB_POOL_MAX: process.env.DATABASE_URL ? '5' : '1',
          // PGlite has one connection: released when idle, `npm run tenant` can use it between messages.
          DB_IDLE_TIMEOUT_S: process.env.DATABASE_URL ? '0' : '2',
          AGENT_SHARED_SECRET: agentSecret,
          MAX_SECRET_KEYS: JSON.stringify(keyring),
          LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
          ...(o.burstWindowMs !== undefined ? { BURST_WINDOW_MS: String(o.burstWindowMs) } : {}),
        },
      },
    );
    procs.push(agent);
    await waitForHttp(agentUrl, 120_000, agent);

    const state = mkdtempSync(join(tmpdir(), 'max-wrangler-'));
    const devVars = join(state, '.dev.vars');
    writeFileSync(devVars, `GREENAPI_WEBHOOK_SECRET=${webhookSecret}\nAGENT_SHARED_SECRET=${agentSecret}\n`);
    const worker = startProcess(
      'worker',
      'npx',
      [
        'wrangler',
        'dev',
        '--config',
        'wrangler.toml',
        '--ip',
        '127.0.0.1',
        '--port',
        String(ports.worker),
        '--persist-to',
        state,
        '--env-file',
        devVars,
        '--var',
        `AGENT_URL:${agentUrl}`,
        '--show-interactive-dev-session=false',
        '--log-level',
        quiet ? 'error' : 'info',
      ],
      {
        cwd: ROOT,
        quiet,
        env: { WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', CI: 'true' },
      },
    );
    procs.push(worker);
    const workerUrl = `http://127.0.0.1:${ports.worker}`;
    await waitForHttp(`${workerUrl}/api/health`, 120_000, worker);

    return {
      urls: {
        worker: workerUrl,
        webhook: `${workerUrl}/webhooks/greenapi`,
        agent: agentUrl,
        espo: espoUrl,
        green: green.url,
        db: dbUrl,
      },
      demo: {
        tenantId: DEMO.tenantId,
        idInstance: DEMO.idInstance,
        admin: DEMO.admin,
        member: DEMO.member,
        webhookToken: await deriveWebhookToken(webhookSecret, DEMO.idInstance),
      },
      espoIsReal: espoReal,
      keyring,
      model: process.env.OPENAI_API_KEY ? 'openai' : 'rules',
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}
