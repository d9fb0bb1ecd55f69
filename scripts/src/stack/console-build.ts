import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { AppError } from '@max/core';

const run = promisify(execFile);

/** Where Vite writes the console (wrangler.toml's [assets] directory). */
export const consoleDist = (root: string) => join(root, 'apps', 'console', 'dist');

/**
 * Builds the web console (Vite) into apps/console/dist, which the Worker serves as static assets:
 * `wrangler dev` and `wrangler deploy` need it there. A few seconds; every start builds afresh, so
 * the page served is always the page in the tree.
 */
export async function buildConsole(root: string): Promise<void> {
  try {
    await run('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: join(root, 'apps', 'console') });
  } catch (e) {
    const why = (e as { stderr?: string }).stderr?.trim().split('\n').at(-1) ?? String(e);
    throw new AppError('unavailable', `building the console failed: ${why}`, { cause: e });
  }
}
