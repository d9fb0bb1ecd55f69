import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuthStandIn } from '@max/sandbox';
import { freezeWorker } from './frozen-worker.ts';
import type { StackPorts } from './ports.ts';
import { startProcess, waitForService } from './processes.ts';
import type { StackServiceCheck } from './service-check.ts';
import type { StackOptions } from './stack-options.ts';
import type { Teardown } from './teardown.ts';

export interface WorkerStart {
  root: string;
  ports: StackPorts;
  workerUrl: string;
  agentUrl: string;
  webhookSecret: string;
  agentSecret: string;
  auth: AuthStandIn;
  quiet: boolean;
  teardown: Teardown;
  check: StackServiceCheck;
}

/**
 * The Worker under `wrangler dev` with its local queue, answering: its state and secrets in a
 * fresh temporary directory, bundled by wrangler or once at start (`frozenWorker`).
 */
export async function startWorker(
  o: Pick<StackOptions, 'frozenWorker' | 'workerVars' | 'testScheduled' | 'onLine'>,
  w: WorkerStart,
): Promise<void> {
  const { quiet } = w;
  const state = mkdtempSync(join(tmpdir(), 'max-wrangler-'));
  const devVars = join(state, '.dev.vars');
  writeFileSync(
    devVars,
    `GREENAPI_WEBHOOK_SECRET=${w.webhookSecret}\nAGENT_SHARED_SECRET=${w.agentSecret}\n`,
  );
  const config = o.frozenWorker ? await freezeWorker(w.root, join(state, 'worker')) : 'wrangler.toml';
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
      String(w.ports.worker),
      '--inspector-port',
      String(w.ports.inspector),
      '--persist-to',
      state,
      '--env-file',
      devVars,
      '--var',
      `AGENT_URL:${w.agentUrl}`,
      '--var',
      `SUPABASE_URL:${w.auth.supabaseUrl}`,
      '--var',
      `SUPABASE_PUBLISHABLE_KEY:${w.auth.publishableKey}`,
      ...Object.entries(o.workerVars ?? {}).flatMap(([k, v]) => ['--var', `${k}:${v}`]),
      '--show-interactive-dev-session=false',
      ...(o.testScheduled ? ['--test-scheduled'] : []),
      '--log-level',
      // 'log' lets the Worker's own console lines through too (wrangler ranks them below 'info').
      o.onLine ? 'log' : quiet ? 'error' : 'info',
    ],
    {
      cwd: w.root,
      quiet,
      env: { WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', CI: 'true' },
      ...(o.onLine ? { onLine: (line: string) => o.onLine?.('worker', line) } : {}),
    },
  );
  w.teardown.own(worker);
  await waitForService(`${w.workerUrl}/api/health`, w.check('worker', 'webhook', worker));
}
