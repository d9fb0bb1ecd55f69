import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyBase64, signInternal } from '@max/core';
import { incomingText } from '@max/sandbox';
import { buildAgent } from '../agent-build/build-agent.ts';
import { startDemoBackends } from '../stack/demo-backends.ts';
import { DEMO } from '../stack/demo-tenant.ts';
import { freePorts } from '../stack/ports.ts';
import { ROOT } from '../stack/start-stack.ts';
import { percentile } from './stats.ts';

const SECRET = 'bench-cold-start-secret-0123456789abcdef';
/** The Deno binary itself (npx would add Node's own start to every figure). */
const DENO = join(ROOT, 'node_modules/.bin/deno');
const ms = (n: number) => Math.round(n * 10) / 10;
const sleep = (n: number) => new Promise((r) => setTimeout(r, n));

export interface ColdStart {
  /** The deployable bundle (`npm run build:agent`), what every cold start loads. */
  bundleKiB: number;
  runs: number;
  /** Fresh process started → its HTTP server answers (Deno start, module load, env, pool set up). */
  listeningMs: { p50: number; max: number };
  /** Fresh process started → its first message answered (the lead created, the reply sent). */
  firstMessageMs: { p50: number; max: number };
  /** The same message in the same process once warm, for comparison. */
  warmMessageMs: { p50: number; max: number };
}

/**
 * What an Edge Function pays on a cold invocation, approximated with the deployable bundle under
 * Deno: each run starts a fresh process and times its first answered message, then a few warm
 * ones. Stand-ins for the CRM and WhatsApp, PGlite for the database (the same for each run).
 */
export async function benchColdStart(runs: number): Promise<ColdStart> {
  const dir = mkdtempSync(join(tmpdir(), 'max-cold-start-'));
  const { entry } = buildAgent(join(dir, 'build'));
  const keyring = { activeKeyId: 'c', keys: { c: generateKeyBase64() } };
  // One chat sends every message of every run: the chat rate (20 a minute) is not what is measured.
  const backends = await startDemoBackends(keyring, { chatMessagesPerMinute: 600 });
  const listening: number[] = [];
  const first: number[] = [];
  const warm: number[] = [];
  try {
    for (let run = 0; run < runs; run++) {
      const [port] = (await freePorts(1)) as [number];
      const url = `http://127.0.0.1:${port}/functions/v1/agent`;
      const started = performance.now();
      const child = spawn(
        DENO,
        ['run', '--quiet', '--allow-net', '--allow-env', '--allow-read', '--allow-sys', entry],
        {
          cwd: dir,
          stdio: 'ignore',
          env: {
            PATH: process.env.PATH ?? '',
            PORT: String(port),
            DATABASE_URL: backends.pg.url,
            AGENT_SHARED_SECRET: SECRET,
            MAX_SECRET_KEYS: JSON.stringify(keyring),
            LOG_LEVEL: 'error',
            // A complete command waits this settle before it runs (production default 50 ms): kept.
          },
        },
      );
      try {
        await untilListening(url, child);
        listening.push(performance.now() - started);
        await send(url, run, 0);
        first.push(performance.now() - started);
        for (let k = 1; k <= 3; k++) {
          const t = performance.now();
          await send(url, run, k);
          warm.push(performance.now() - t);
        }
      } finally {
        await stop(child);
      }
    }
  } finally {
    await backends.stop();
  }
  const stat = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return { p50: ms(percentile(s, 50)), max: ms(s.at(-1) ?? 0) };
  };
  const size = statSync(entry).size;
  rmSync(dir, { recursive: true, force: true });
  return {
    bundleKiB: Math.round((size / 1024) * 10) / 10,
    runs,
    listeningMs: stat(listening),
    firstMessageMs: stat(first),
    warmMessageMs: stat(warm),
  };
}

/** Polls (every 2 ms) until the process answers over HTTP; a process that exits is an error. */
async function untilListening(url: string, child: ChildProcess): Promise<void> {
  const deadline = performance.now() + 60_000;
  while (performance.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the agent exited with ${child.exitCode} before listening`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await res.body?.cancel();
      return;
    } catch {
      await sleep(2);
    }
  }
  throw new Error('the agent did not listen within 60 s');
}

/** One signed lead creation, as the Worker's consumer sends it; throws unless it was handled. */
async function send(url: string, run: number, k: number): Promise<void> {
  const event = incomingText({
    idInstance: DEMO.idInstance,
    chatId: DEMO.admin,
    text: `crée un lead pour Cold Start${run}x${k}, email cold${run}x${k}@bench.test`,
    idMessage: `COLD-${Date.now().toString(36)}-${run}-${k}`,
  });
  const body = JSON.stringify({
    v: 1,
    kind: 'inbound',
    requestId: `cold-${run}-${k}`,
    receivedAt: new Date().toISOString(),
    event,
  });
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(await signInternal(SECRET, body, new Date())) },
    body,
  });
  const answer = (await res.json()) as { ok?: boolean; replies?: number };
  if (res.status !== 200 || !answer.ok || answer.replies !== 1)
    throw new Error(`cold start message ${run}/${k}: HTTP ${res.status} ${JSON.stringify(answer)}`);
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(3000)]);
  if (child.exitCode === null) child.kill('SIGKILL');
}
