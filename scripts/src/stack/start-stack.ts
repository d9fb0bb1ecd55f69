import { resolve } from 'node:path';
import { createOperatorKey, deriveWebhookToken, type Keyring, OPERATOR_SCOPES } from '@max/core';
import type { AuthStandIn, HttpFaultProxy, SupervisedProcess, TcpProxy } from '@max/sandbox';
import { buildConsole } from './console-build.ts';
import { DEMO } from './demo-tenant.ts';
import { DEMO_USERS } from './demo-users.ts';
import { assertPortsFree, readStackPorts } from './ports.ts';
import { seedStack } from './seed-stack.ts';
import { stackServiceCheck } from './service-check.ts';
import { startDatabase } from './stack-database.ts';
import type { StackOptions } from './stack-options.ts';
import { readStackSecrets } from './stack-secrets.ts';
import { type EspoStandIn, type GreenApiStandIn, startStandIns } from './stand-ins.ts';
import { startAgent } from './start-agent.ts';
import { startAuth } from './start-auth.ts';
import { startWorker } from './start-worker.ts';
import { createTeardown } from './teardown.ts';

export const benchSender = (i: number) => `336100${String(i).padStart(5, '0')}@c.us`;

export const ROOT = resolve(import.meta.dirname, '../../..');

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
    espo: EspoStandIn | null;
    green: GreenApiStandIn;
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
  const check = stackServiceCheck(!o.ports);
  const teardown = createTeardown();
  try {
    const { keyring, webhookSecret, agentSecret } = readStackSecrets(process.env);
    const { espo, green } = await startStandIns(ports, espoReal, teardown, check);

    // The console is built first: the Worker serves it (wrangler.toml [assets]).
    await buildConsole(ROOT);

    const { dbUrl, sql } = await startDatabase(serverDbUrl, ports.db, teardown);
    const senders = Array.from({ length: o.extraSenders ?? 0 }, (_, i) => benchSender(i));
    const { espoUrl, crmProxy } = await seedStack(sql, o, { keyring, espo, green, senders, teardown });
    const workerUrl = `http://127.0.0.1:${ports.worker}`;
    const auth = await startAuth(sql, { dbUrl, port: ports.auth, siteUrl: workerUrl, teardown, check });
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
    const { agentUrl, dbProxy, agentProcess } = await startAgent(o, {
      root: ROOT,
      ports,
      dbUrl,
      serverDb: Boolean(serverDbUrl),
      agentSecret,
      keyring,
      greenUrl: green.url,
      auth,
      quiet,
      teardown,
      check,
    });
    await startWorker(o, {
      root: ROOT,
      ports,
      workerUrl,
      agentUrl,
      webhookSecret,
      agentSecret,
      auth,
      quiet,
      teardown,
      check,
    });

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
      stop: teardown.stop,
    };
  } catch (e) {
    await teardown.stop();
    throw e;
  }
}
