import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { startPglite } from '@max/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAgentEnv } from '../../supabase/functions/agent/env.ts';
import { freePorts } from '../src/stack/ports.ts';
import { type Managed, startProcess, stopProcess, waitForService } from '../src/stack/processes.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const EXAMPLE = 'supabase/functions/agent/.env.example';

/** KEY=value lines as `supabase secrets set --env-file` and `deno --env-file` read them (no quoting used). */
const dotenv = (text: string) =>
  Object.fromEntries(
    text
      .split('\n')
      .filter((l) => /^[A-Z_][A-Z0-9_]*=/.test(l))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );

describe('supabase/functions/agent/.env.example as shipped', () => {
  const shipped = dotenv(readFileSync(resolve(ROOT, EXAMPLE), 'utf8'));

  it("parses with the function's own parser; empty values mean unset", () => {
    // The shipped file does carry the empty values this item is about.
    expect(shipped.OPENAI_API_KEY).toBe('');
    expect(shipped.OPENAI_BASE_URL).toBe('');
    const env = parseAgentEnv(shipped);
    expect(env.OPENAI_API_KEY).toBeUndefined();
    expect(env.OPENAI_BASE_URL).toBeUndefined();
    expect(env.AGENT_MAX_BODY_BYTES).toBe(262_144);
  });

  it('an empty optional variable is unset, an empty required one is still refused', () => {
    const env = parseAgentEnv({ ...shipped, BURST_WINDOW_MS: '', LOG_LEVEL: ' ', AGENT_MAX_BODY_BYTES: '' });
    expect(env.BURST_WINDOW_MS).toBe(3000);
    expect(env.LOG_LEVEL).toBe('info');
    expect(env.AGENT_MAX_BODY_BYTES).toBe(256 * 1024);
    expect(() => parseAgentEnv({ ...shipped, AGENT_SHARED_SECRET: '' })).toThrow(/AGENT_SHARED_SECRET/);
    expect(() => parseAgentEnv({ ...shipped, AGENT_MAX_BODY_BYTES: '1000' })).toThrow(/AGENT_MAX_BODY_BYTES/);
  });

  describe('the function started under Deno with exactly that file', () => {
    let pg: Awaited<ReturnType<typeof startPglite>>;
    let deno: Managed | null = null;
    let port = 0;

    beforeAll(async () => {
      [port] = (await freePorts(1)) as [number];
      pg = await startPglite();
      // Deno reads the shipped file itself (--env-file); the environment holds nothing else of
      // the function's but DATABASE_URL (the example's 127.0.0.1:5432 is not running here), which
      // takes precedence over the file's as in `supabase functions serve`.
      deno = startProcess(
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
          `--env-file=${EXAMPLE}`,
          '--config',
          'supabase/functions/agent/deno.json',
          'supabase/functions/agent/index.ts',
        ],
        {
          cwd: ROOT,
          quiet: true,
          inheritEnv: false,
          env: {
            PATH: process.env.PATH ?? '',
            HOME: process.env.HOME ?? '',
            ...(process.env.DENO_DIR ? { DENO_DIR: process.env.DENO_DIR } : {}),
            PORT: String(port),
            DATABASE_URL: pg.url,
          },
        },
      );
    }, 60_000);

    afterAll(async () => {
      if (deno) await stopProcess(deno);
      await pg?.stop();
    });

    it('serves its health answer (rules engine, database reachable)', async () => {
      await waitForService(`http://127.0.0.1:${port}/functions/v1/agent`, {
        service: 'agent',
        label: 'agent function',
        timeoutMs: 90_000,
        proc: deno!,
      });
      const res = await fetch(`http://127.0.0.1:${port}/functions/v1/agent`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ ok: true, service: 'agent', db: 'ok', model: 'rules' });
    }, 120_000);
  });
});
