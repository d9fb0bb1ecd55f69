import { spawnSync } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateKeyBase64, signInternal } from '@max/core';
import { incomingText, migrate, startEspoStandIn, startGreenApiStandIn, startPglite } from '@max/sandbox';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, seedDemo } from '../src/stack/demo-tenant.ts';
import { type Managed, startProcess, stopProcess, waitForHttp } from '../src/stack/processes.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const SECRET = 'smoke-agent-shared-secret-0123456789abcdef';

/**
 * The agent function under Deno, bundled into one file and run from another directory: what
 * `supabase functions deploy` ships must not depend on files outside supabase/functions.
 */
describe('supabase/functions/agent under Deno (bundled, run from elsewhere)', () => {
  let pg: Awaited<ReturnType<typeof startPglite>>;
  let espo: Awaited<ReturnType<typeof startEspoStandIn>>;
  let green: Awaited<ReturnType<typeof startGreenApiStandIn>>;
  let deno: Managed | null = null;
  const port = 54000 + Math.floor(Math.random() * 900);
  const out = mkdtempSync(join(tmpdir(), 'max-agent-bundle-'));
  const bundle = join(out, 'agent.js');

  beforeAll(async () => {
    const keyring = { activeKeyId: 'k1', keys: { k1: generateKeyBase64() } };
    [pg, espo, green] = await Promise.all([startPglite(), startEspoStandIn(), startGreenApiStandIn()]);
    const sql = postgres(pg.url, { max: 1, onnotice: () => {} });
    await migrate(sql);
    await seedDemo(sql, {
      keyring,
      espoUrl: espo.url,
      greenUrl: green.url,
      espoApiKey: espo.apiKey,
      greenToken: green.tokenFor(DEMO.idInstance),
    });
    await sql.end(); // PGlite serves one connection: hand it to the function

    const built = spawnSync(
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
        bundle,
        'supabase/functions/agent/index.ts',
      ],
      { cwd: ROOT, encoding: 'utf8' },
    );
    if (built.status !== 0) throw new Error(`deno bundle failed: ${built.stderr}`);
    deno = startProcess(
      'agent',
      'npx',
      [
        '--prefix',
        ROOT,
        'deno',
        'run',
        '--quiet',
        '--allow-net',
        '--allow-env',
        '--allow-read',
        '--allow-sys',
        bundle,
      ],
      {
        cwd: out,
        quiet: true,
        env: {
          PORT: String(port),
          DATABASE_URL: pg.url,
          AGENT_SHARED_SECRET: SECRET,
          MAX_SECRET_KEYS: JSON.stringify(keyring),
          LOG_LEVEL: 'warn',
        },
      },
    );
    await waitForHttp(`http://127.0.0.1:${port}/`, 60_000, deno);
  }, 180_000);

  afterAll(async () => {
    if (deno) await stopProcess(deno);
    await Promise.allSettled([espo?.stop(), green?.stop()]);
    await pg?.stop();
  });

  it('the bundle is one self-contained file', () => {
    expect(statSync(bundle).size).toBeGreaterThan(10_000);
  });

  it('answers its health check with the database reachable', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/functions/v1/agent`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, db: 'ok', model: 'rules' });
  });

  it('takes one signed request: creates the lead and replies on WhatsApp', async () => {
    const event = incomingText({
      idInstance: DEMO.idInstance,
      chatId: DEMO.admin,
      text: 'Salut MAX, crée un lead pour Test E2E, email e2e@test.com',
    });
    const body = JSON.stringify({
      v: 1,
      kind: 'inbound',
      requestId: 'smoke-1',
      receivedAt: new Date().toISOString(),
      event,
    });
    const res = await fetch(`http://127.0.0.1:${port}/functions/v1/agent`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await signInternal(SECRET, body, new Date())) },
      body,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, replies: 1 });
    const lead = espo.state.records('Lead').find((l) => l.emailAddress === 'e2e@test.com');
    expect(lead).toBeDefined();
    expect(green.sent().at(-1)?.message).toContain(String(lead!.id));
  });

  it('refuses an unsigned request with 401', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/functions/v1/agent`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(401);
  });
});
