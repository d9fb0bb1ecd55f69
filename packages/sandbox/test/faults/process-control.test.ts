import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { type SupervisedProcess, superviseProcess } from '../../src/index.ts';

const FIXTURE = fileURLToPath(new URL('./fixtures/crashable-server.mjs', import.meta.url));

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as { port: number };
  await new Promise((r) => srv.close(r));
  return port;
}

/** Alive and not a zombie (a container's init may leave killed orphans unreaped). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^[ZX]/.test(stat.slice(stat.lastIndexOf(')') + 2));
  } catch {
    return process.platform !== 'linux';
  }
}

const started: SupervisedProcess[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((p) => p.kill('SIGKILL')));
});

function supervise(port: number, extra: Partial<Parameters<typeof superviseProcess>[0]> = {}) {
  const p = superviseProcess({
    name: 'crashable',
    command: process.execPath,
    args: [FIXTURE],
    env: { PORT: String(port) },
    readyUrl: `http://127.0.0.1:${port}/`,
    readyTimeoutMs: 10_000,
    ...extra,
  });
  started.push(p);
  return p;
}

describe('process supervisor for the fault suite', () => {
  it('SIGKILL takes down the process and its children at once; restart() brings it back ready', async () => {
    const port = await freePort();
    const agent = supervise(port);
    await agent.start();
    const first = (await (await fetch(`http://127.0.0.1:${port}/`)).json()) as {
      pid: number;
      childPid: number;
    };
    expect(first.pid).toBe(agent.pid);
    expect(alive(first.childPid)).toBe(true);
    expect(agent.output()).toContain(`listening on ${port}`);

    const exit = await agent.kill('SIGKILL');
    expect(exit).toEqual({ code: null, signal: 'SIGKILL' });
    expect(agent.running()).toBe(false);
    expect(alive(first.pid)).toBe(false);
    expect(alive(first.childPid)).toBe(false); // the whole group, not just the leader
    await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow('fetch failed');

    await agent.restart();
    const second = (await (await fetch(`http://127.0.0.1:${port}/`)).json()) as {
      pid: number;
      childPid: number;
    };
    expect(second.pid).not.toBe(first.pid);
    expect(second.pid).toBe(agent.pid);
    expect(agent.starts()).toBe(2);

    expect(await agent.stop()).toEqual({ code: null, signal: 'SIGTERM' });
    expect(alive(second.childPid)).toBe(false);
  });

  it('restart() of a running process kills it first', async () => {
    const port = await freePort();
    const agent = supervise(port);
    await agent.start();
    const before = agent.pid;
    await agent.restart();
    expect(agent.pid).not.toBe(before);
    expect(before && alive(before)).toBe(false);
    expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(200);
  });

  it('start() fails fast, with the output, when the process exits before it is ready', async () => {
    const agent = supervise(await freePort(), {
      args: ['-e', "console.error('boom: AGENT_SHARED_SECRET missing'); process.exit(3)"],
    });
    const t0 = Date.now();
    await expect(agent.start()).rejects.toThrow(/exited \(code 3.*\n.*boom: AGENT_SHARED_SECRET missing/s);
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it('start() gives up after readyTimeoutMs and leaves no process behind', async () => {
    const agent = supervise(await freePort(), {
      args: ['-e', 'setInterval(() => {}, 1000)'],
      readyTimeoutMs: 500,
    });
    await expect(agent.start()).rejects.toThrow(/did not answer at .* within 500 ms/);
    expect(agent.running()).toBe(false);
  });
});
