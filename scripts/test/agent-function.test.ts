import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateKeyBase64, signInternal } from '@max/core';
import { incomingText } from '@max/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAgent } from '../src/agent-build/build-agent.ts';
import { startDemoBackends } from '../src/stack/demo-backends.ts';
import { DEMO } from '../src/stack/demo-tenant.ts';
import { freePorts } from '../src/stack/ports.ts';
import { type Managed, startProcess, stopProcess, waitForService } from '../src/stack/processes.ts';
import { findDescendant, rssMiB } from './helpers/proc.ts';
import { headOnly, streamPost } from './helpers/raw-http.ts';
import { deployWithSupabaseCli, materialize, type Uploaded } from './helpers/supabase-deploy.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const SECRET = 'smoke-agent-shared-secret-0123456789abcdef';
/** The body limit this run configures (the default is 256 KiB): both are under test. */
const MAX_BODY = 200_000;

/**
 * The agent function as it is deployed: `npm run build:agent`'s directory, uploaded by the pinned
 * Supabase CLI (`functions deploy --use-api`, to a local receiver), and exactly what was uploaded
 * run under Deno from an empty directory: nothing it needs may live anywhere else.
 */
describe('the deployed agent function under Deno (built, uploaded by the Supabase CLI, run from an empty directory)', () => {
  let backends: Awaited<ReturnType<typeof startDemoBackends>>;
  let pg: typeof backends.pg;
  let espo: typeof backends.espo;
  let green: typeof backends.green;
  let deno: Managed | null = null;
  let port = 0;
  const build = mkdtempSync(join(tmpdir(), 'max-agent-build-'));
  const out = mkdtempSync(join(tmpdir(), 'max-agent-deployed-'));
  let uploaded: Uploaded;
  let entry = '';

  beforeAll(async () => {
    [port] = (await freePorts(1)) as [number];
    const keyring = { activeKeyId: 'k1', keys: { k1: generateKeyBase64() } };
    backends = await startDemoBackends(keyring);
    ({ pg, espo, green } = backends);

    buildAgent(build);
    uploaded = await deployWithSupabaseCli(build);
    entry = materialize(uploaded, out);
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
        entry,
      ],
      {
        cwd: out,
        quiet: true,
        env: {
          PORT: String(port),
          DATABASE_URL: pg.url,
          AGENT_SHARED_SECRET: SECRET,
          MAX_SECRET_KEYS: JSON.stringify(keyring),
          AGENT_MAX_BODY_BYTES: String(MAX_BODY),
          LOG_LEVEL: 'warn',
        },
      },
    );
    await waitForService(`http://127.0.0.1:${port}/`, {
      service: 'agent',
      label: 'agent function',
      timeoutMs: 60_000,
      proc: deno,
    });
  }, 180_000);

  afterAll(async () => {
    if (deno) await stopProcess(deno);
    await backends?.stop();
  });

  it('the CLI uploads one self-contained file as the entry point, without JWT verification', () => {
    expect([...uploaded.files.keys()]).toEqual(['supabase/functions/agent/index.js']);
    expect(uploaded.metadata).toMatchObject({
      name: 'agent',
      entrypoint_path: 'supabase/functions/agent/index.js',
      import_map_path: '',
      verify_jwt: false,
    });
    expect(statSync(entry).size).toBeGreaterThan(10_000);
    expect(readdirSync(out)).toEqual(['supabase']);
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

  const agentUrl = () => `http://127.0.0.1:${port}/functions/v1/agent`;
  const post = (body: string) =>
    fetch(agentUrl(), { method: 'POST', headers: { 'content-type': 'application/json' }, body });

  it('an unsigned 400 MB streamed POST gets 413 at once and the function stays small', async () => {
    const pid = findDescendant(deno!.child.pid!, 'deno');
    expect(pid).not.toBeNull();
    const before = rssMiB(pid!);
    const r = await streamPost(agentUrl(), 400_000_000);
    const after = rssMiB(pid!);
    expect(r.status).toBe(413);
    // Before the fix the whole 400 MB was read (19.6 s, 1.3 GB) and then refused as unsigned.
    expect(r.ms).toBeLessThan(2000);
    // (what the client got into the socket before the answer; the old code needed all of it)
    expect(r.sentBytes).toBeLessThan(200_000_000);
    expect(after - before).toBeLessThan(64);
    const health = await fetch(agentUrl());
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ service: 'agent', db: 'ok' });
  }, 60_000);

  it('Content-Length 400000000 with no body sent gets 413 without waiting for it', async () => {
    const r = await headOnly(
      port,
      'POST /functions/v1/agent HTTP/1.1\r\nHost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: 400000000\r\n\r\n',
    );
    expect(r.status).toBe(413);
    expect(r.ms).toBeLessThan(1000);
  });

  it('the limit is AGENT_MAX_BODY_BYTES; under it the signature is still what refuses', async () => {
    const over = await post(`"${'a'.repeat(MAX_BODY)}"`);
    expect(over.status).toBe(413);
    expect(await over.json()).toMatchObject({ error: { code: 'payload_too_large' } });
    const under = await post(`"${'a'.repeat(MAX_BODY - 10)}"`);
    expect(under.status).toBe(401);
  });
});
