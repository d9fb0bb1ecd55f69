import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../../..');

/** Where `npm run build:agent` writes the deployable function (a Supabase project directory). */
export const AGENT_BUILD_DIR = join(ROOT, 'dist/agent');
/** The function's entry point inside a build, relative to the build directory. */
export const AGENT_ENTRYPOINT = 'supabase/functions/agent/index.js';

/**
 * The build's own supabase/config.toml: the function as the repository's config declares it
 * (the Worker signs its calls, so no Supabase JWT), pointing at the bundle.
 */
const CONFIG_TOML = `# Written by npm run build:agent: the agent function, bundled with everything it imports.
# Deploy: npx supabase functions deploy agent --use-api --workdir dist/agent --project-ref <ref>
project_id = "max"

[functions.agent]
enabled = true
verify_jwt = false
entrypoint = "./functions/agent/index.js"
`;

/**
 * Bundles supabase/functions/agent with @max/core and every npm package it uses into one file
 * (deno bundle), in a Supabase project directory of its own: nothing it needs lives outside it,
 * so any Supabase CLI uploads it whole (older ones refuse files outside supabase/functions).
 */
export function buildAgent(outDir: string = AGENT_BUILD_DIR): { dir: string; entry: string } {
  rmSync(outDir, { recursive: true, force: true });
  const entry = join(outDir, AGENT_ENTRYPOINT);
  mkdirSync(join(outDir, 'supabase/functions/agent'), { recursive: true });
  const r = spawnSync(
    'npx',
    [
      'deno',
      'bundle',
      '--quiet',
      '--platform',
      'deno',
      '--packages',
      'bundle',
      '--config',
      'supabase/functions/agent/deno.json',
      '-o',
      entry,
      'supabase/functions/agent/index.ts',
    ],
    // A bundle that hangs fails the build (and its test) instead of holding it.
    { cwd: ROOT, encoding: 'utf8', timeout: 180_000, killSignal: 'SIGKILL' },
  );
  if (r.status !== 0) throw new Error(`deno bundle failed: ${(r.stderr || r.stdout).trim().slice(-800)}`);
  writeFileSync(join(outDir, 'supabase/config.toml'), CONFIG_TOML);
  return { dir: outDir, entry };
}
