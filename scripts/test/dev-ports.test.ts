import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { startGreenApiStandIn } from '@max/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertPortsFree, freeStackPorts, isPortFree, readStackPorts } from '../src/stack/ports.ts';
import { waitForService } from '../src/stack/processes.ts';
import { startStack } from '../src/stack/start-stack.ts';

const ROOT = resolve(import.meta.dirname, '../..');

/** Another program on a port: an HTTP server that answers everything with 200 and its own name. */
async function foreignServer(body = '{"service":"someone-else"}'): Promise<{ port: number; server: Server }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as AddressInfo).port, server };
}

describe('dev stack ports and readiness', () => {
  let foreign: { port: number; server: Server };
  beforeAll(async () => {
    foreign = await foreignServer();
  });
  afterAll(() => new Promise<void>((r) => foreign.server.close(() => r())));

  it('every port comes from MAX_*_PORT, with defaults; a bad value is one clear line', () => {
    expect(readStackPorts({})).toEqual({
      worker: 8787,
      inspector: 9229,
      agent: 54321,
      db: 54322,
      espo: 8090,
      green: 8091,
      auth: 54324,
    });
    expect(readStackPorts({ MAX_WORKER_PORT: '18787', MAX_DB_PORT: '' })).toMatchObject({
      worker: 18787,
      db: 54322,
    });
    expect(() => readStackPorts({ MAX_AGENT_PORT: 'abc' })).toThrow(
      /^MAX_AGENT_PORT must be a port number \(1–65535\)$/,
    );
    expect(() => readStackPorts({ MAX_ESPO_PORT: '70000' })).toThrow(/MAX_ESPO_PORT must be 1–65535/);
    expect(() => readStackPorts({ MAX_GREEN_PORT: '8787' })).toThrow(
      'MAX_WORKER_PORT and MAX_GREEN_PORT are both 8787: give each its own port',
    );
  });

  it('a taken port is refused with one line naming the port, the component and its variable', async () => {
    expect(await isPortFree(foreign.port)).toBe(false);
    const [free] = Object.values(await freeStackPorts());
    await expect(assertPortsFree({ worker: foreign.port, agent: free! })).rejects.toThrow(
      `port ${foreign.port} (Worker) is already in use — set MAX_WORKER_PORT to another port`,
    );
  });

  it('startStack refuses a taken port before starting anything', async () => {
    const ports = { ...(await freeStackPorts()), agent: foreign.port };
    await expect(startStack({ quiet: true, ports })).rejects.toThrow(
      `port ${foreign.port} (agent function) is already in use`,
    );
    // Nothing was started: the stand-ins' and the database's ports are still free.
    for (const p of [ports.espo, ports.green, ports.db, ports.worker]) expect(await isPortFree(p)).toBe(true);
  });

  it('a readiness check fails when a foreign HTTP server answers on the port', async () => {
    const started = Date.now();
    await expect(
      waitForService(`http://127.0.0.1:${foreign.port}/api/health`, {
        service: 'webhook',
        label: 'Worker',
        portEnv: 'MAX_WORKER_PORT',
        timeoutMs: 30_000,
      }),
    ).rejects.toThrow(
      `port ${foreign.port} (Worker) is answered by another program (HTTP 200, service "someone-else") — set MAX_WORKER_PORT to another port`,
    );
    expect(Date.now() - started).toBeLessThan(5000);
    const html = await foreignServer('<html>hello</html>');
    try {
      await expect(
        waitForService(`http://127.0.0.1:${html.port}/`, {
          service: 'agent',
          label: 'agent function',
          timeoutMs: 30_000,
        }),
      ).rejects.toThrow(`port ${html.port} (agent function) is answered by another program (HTTP 200)`);
    } finally {
      html.server.close();
    }
  });

  it('the component itself passes, whatever its status; a stand-in names itself', async () => {
    const worker = await foreignServer('{"ok":true,"service":"webhook","agent":"down"}');
    try {
      await waitForService(`http://127.0.0.1:${worker.port}/api/health`, {
        service: 'webhook',
        label: 'Worker',
        timeoutMs: 5000,
      });
    } finally {
      worker.server.close();
    }
    const green = await startGreenApiStandIn();
    try {
      expect(await (await fetch(`${green.url}/__health`)).json()).toEqual({
        ok: true,
        service: 'green-api-stand-in',
      });
      await waitForService(`${green.url}/__health`, {
        service: 'green-api-stand-in',
        label: 'Green-API stand-in',
        timeoutMs: 5000,
      });
    } finally {
      await green.stop();
    }
  });

  it('`npm run dev` with a taken port prints one line, exits non-zero and starts nothing', async () => {
    const ports = await freeStackPorts();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      MAX_WORKER_PORT: String(foreign.port),
      MAX_INSPECTOR_PORT: String(ports.inspector),
      MAX_AGENT_PORT: String(ports.agent),
      MAX_DB_PORT: String(ports.db),
      MAX_ESPO_PORT: String(ports.espo),
      MAX_GREEN_PORT: String(ports.green),
    };
    for (const k of ['DATABASE_URL', 'ESPO_URL', 'ESPO_API_KEY']) delete env[k];
    const started = Date.now();
    const run = await new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
      execFile(
        'npm',
        ['run', '--silent', 'dev'],
        { cwd: ROOT, env, timeout: 60_000, killSignal: 'SIGKILL' },
        (err, stdout, stderr) =>
          done({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });
    expect(run.code).not.toBe(0);
    expect(run.stderr.trimEnd().split('\n')).toEqual([
      `port ${foreign.port} (Worker) is already in use — set MAX_WORKER_PORT to another port`,
    ]);
    expect(run.stdout).not.toContain('MAX is running');
    expect(Date.now() - started).toBeLessThan(30_000);
    for (const p of [ports.espo, ports.green, ports.db, ports.agent]) expect(await isPortFree(p)).toBe(true);
  }, 90_000);
});
