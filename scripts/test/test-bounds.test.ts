import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runStep } from '../src/run-steps.ts';

const ROOT = join(import.meta.dirname, '../..');
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    const state = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0];
    return state !== 'Z';
  } catch {
    return false;
  }
};

describe('npm test never hangs', () => {
  it('a step that never ends is stopped at its bound, and the server it left detached is killed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'max-bound-'));
    const pidFile = join(dir, 'server.pid');
    // The step starts a detached "server" (its own group, as wrangler and deno are started) and hangs.
    const script = `
      const { spawn } = require('node:child_process');
      const s = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { detached: true, stdio: 'ignore' });
      require('node:fs').writeFileSync(${JSON.stringify(pidFile)}, String(s.pid));
      setInterval(() => {}, 1000);`;
    const started = Date.now();
    const r = await runStep(
      { name: 'stuck step', cmd: process.execPath, args: ['-e', script], timeoutMs: 1500 },
      300,
    );
    expect(r).toMatchObject({ name: 'stuck step', ok: false, timedOut: true });
    expect(Date.now() - started).toBeLessThan(10_000);
    const server = Number(readFileSync(pidFile, 'utf8'));
    expect(r.strays).toBeGreaterThanOrEqual(1);
    await new Promise((res) => setTimeout(res, 200));
    expect(alive(server)).toBe(false);
  });

  it('a step that ends in time passes and leaves nothing to kill', async () => {
    const r = await runStep({
      name: 'quick step',
      cmd: process.execPath,
      args: ['-e', '0'],
      timeoutMs: 30_000,
    });
    expect(r).toMatchObject({ ok: true, timedOut: false, strays: 0 });
  });

  it('a failing step fails without waiting for its bound', async () => {
    const r = await runStep({
      name: 'failing step',
      cmd: process.execPath,
      args: ['-e', 'process.exit(3)'],
      timeoutMs: 30_000,
    });
    expect(r).toMatchObject({ ok: false, timedOut: false });
    expect(r.ms).toBeLessThan(10_000);
  });

  it('a test file that never finishes stops the vitest run with its name, past its per-file bound', async () => {
    const fixture = join(ROOT, 'scripts/test/fixtures/stuck-file');
    const started = Date.now();
    const run = await new Promise<{ code: number | null; out: string }>((done) =>
      execFile(
        'npx',
        ['vitest', 'run', '--root', fixture, '--config', join(fixture, 'vitest.config.ts')],
        { cwd: ROOT, env: { ...process.env, FILE_BOUND_MS: '3000' }, timeout: 60_000, killSignal: 'SIGKILL' },
        (err, stdout, stderr) =>
          done({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, out: `${stdout}${stderr}` }),
      ),
    );
    expect(run.code).toBe(1);
    expect(run.out).toContain('test file stuck.fixture.ts has not finished 3 s after it started');
    expect(Date.now() - started).toBeLessThan(45_000);
  }, 60_000);
});
