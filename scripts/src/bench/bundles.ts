import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildAgent } from '../agent-build/build-agent.ts';
import { ROOT } from '../stack/start-stack.ts';

export interface BundleSize {
  kib: number;
  gzipKib: number;
}

const kib = (n: number) => Math.round((n / 1024) * 10) / 10;

function measure(files: string[]): BundleSize {
  let raw = 0;
  let gz = 0;
  for (const f of files) {
    const bytes = readFileSync(f);
    raw += bytes.length;
    gz += gzipSync(bytes).length;
  }
  return { kib: kib(raw), gzipKib: kib(gz) };
}

function run(cmd: string, args: string[]) {
  const r = spawnSync(cmd, args, {
    cwd: ROOT,
    encoding: 'utf8',
    env: {
      ...process.env,
      WRANGLER_SEND_METRICS: 'false',
      CLOUDFLARE_CF_FETCH_ENABLED: 'false',
      NO_COLOR: '1',
    },
  });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr.slice(-400)}`);
}

/** What each deployable ships: the Worker as `wrangler deploy` bundles it, the agent as `npm run build:agent` does. */
export function benchBundles(): { worker: BundleSize; agent: BundleSize } {
  const dir = mkdtempSync(join(tmpdir(), 'max-bundles-'));
  try {
    const workerDir = join(dir, 'worker');
    run('npx', ['wrangler', 'deploy', '--dry-run', '--outdir', workerDir, '--config', 'wrangler.toml']);
    const workerFiles = readdirSync(workerDir)
      .filter((f) => f.endsWith('.js') || f.endsWith('.mjs'))
      .map((f) => join(workerDir, f))
      .filter((f) => statSync(f).isFile());
    // The agent as it is deployed (npm run build:agent): one file with everything it imports.
    const { entry: agentFile } = buildAgent(join(dir, 'agent'));
    return { worker: measure(workerFiles), agent: measure([agentFile]) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
