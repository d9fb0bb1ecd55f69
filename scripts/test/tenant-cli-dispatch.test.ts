import { afterEach, describe, expect, it, vi } from 'vitest';
import { runTenantCli } from '../src/tenant/dispatch.ts';

/** Runs the dispatcher in this process and keeps what it prints. */
async function run(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  const code = await runTenantCli(argv, env);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the tenant CLI dispatcher', () => {
  it('an unknown command prints the usage and exits 2, without touching a database', async () => {
    const r = await run(['frobnicate', 'acme'], { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
    expect(r.code).toBe(2);
    expect(r.out).toContain('Usage: npm run tenant -- <command> [options]');
    expect(r.err).toBe('');
  });

  it('a flag no command knows is a usage error (exit 2), named, with the usage', async () => {
    const r = await run(['list', '--colour', 'red']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/✘ .*--colour/);
    expect(r.err).toContain('Usage: npm run tenant');
  });

  it('a string flag without its value is a usage error too', async () => {
    const r = await run(['add', 'acme', '--name']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--name/);
  });

  it('--help lists every command and exits 0 with a command, 2 without one', async () => {
    const withCommand = await run(['list', '--help']);
    expect(withCommand.code).toBe(0);
    for (const name of [
      'add <id>',
      'set-chat <id>',
      'activate <id>',
      'operator-key',
      'replay <id>',
      'keygen',
      'rotate',
    ])
      expect(withCommand.out).toContain(name);
    expect((await run(['-h'])).code).toBe(2);
    expect((await run([])).code).toBe(2);
  });

  it('keygen needs no database and prints a keyring entry', async () => {
    const r = await run(['keygen']);
    expect(r.code).toBe(0);
    const first = JSON.parse(r.out.split('\n')[0]!) as { activeKeyId: string; keys: Record<string, string> };
    expect(Buffer.from(first.keys[first.activeKeyId]!, 'base64')).toHaveLength(32);
  });

  it('a known command without DATABASE_URL says so and exits 2', async () => {
    const r = await run(['list']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('DATABASE_URL is not set');
  });

  it('an unreachable database is one line and exit 1, and the process exit code is left as it was', async () => {
    process.exitCode = undefined;
    const r = await run(['list'], { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
    expect(r.code).toBe(1);
    expect(r.err.split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/^✘ /);
    expect(process.exitCode).toBeUndefined();
  });
});
