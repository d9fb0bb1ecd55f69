import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { AppError } from '@max/core';

const run = promisify(execFile);

/**
 * The Worker bundled once (`wrangler deploy --dry-run`) into `dir`, with a copy of wrangler.toml
 * that serves that bundle as is. `wrangler dev` reloads on any change to the sources it bundled,
 * and a reload drops its local queue (messages waiting for a retry or a delay are gone): a run
 * that must not be disturbed by edits elsewhere in the tree serves this frozen copy instead.
 * Returns the path of the config to pass to `wrangler dev --config … --no-bundle`.
 */
export async function freezeWorker(root: string, dir: string): Promise<string> {
  try {
    await run('npx', ['wrangler', 'deploy', '--dry-run', '--outdir', dir, '--config', 'wrangler.toml'], {
      cwd: root,
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true' },
      timeout: 180_000,
      killSignal: 'SIGKILL',
    });
  } catch (e) {
    throw new AppError(
      'unavailable',
      `bundling the Worker failed: ${(e as { stderr?: string }).stderr?.trim().split('\n').at(-1) ?? e}`,
      {
        cause: e,
      },
    );
  }
  const toml = readFileSync(join(root, 'wrangler.toml'), 'utf8')
    .replace(/^main = .*$/m, 'main = "index.js"')
    // Bundling options of the sources: the bundle is already built with them.
    .replace(/^(alias|minify|keep_names) = .*$/gm, '')
    // No static assets (the console): with them, wrangler dev's scheduled trigger
    // (/cdn-cgi/handler/scheduled) answers "exception" without reaching the Worker's scheduled
    // handler, and the runs that freeze the Worker (chaos, eval) fire the cron but never open the page.
    .replace(/^\[assets\]\n(?:(?!\[).*\n)*/m, '');
  const config = join(dir, 'wrangler.toml');
  writeFileSync(config, toml);
  return config;
}
