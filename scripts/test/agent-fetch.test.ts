import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

/**
 * Issue 12 (lost answers): a server that applies a write and then resets the connection must see
 * the write once. Deno's fetch replays a request whose pooled connection resets; the agent's fetch
 * (supabase/functions/agent/fetch.ts) never sends a write on a pooled connection.
 */
describe('the agent function’s outbound fetch under Deno', () => {
  const received: string[] = [];
  let url = '';
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received.push(`${req.method} ${req.url}`);
      if (req.url === '/apply-then-reset') req.socket.destroy();
      else {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"ok":true}');
      }
    });
  });
  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('a POST whose answer is lost after the server applied it is sent once, and fails (no silent replay)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'max-fetch-'));
    const script = join(dir, 'probe.ts');
    writeFileSync(
      script,
      `import { agentFetch } from ${JSON.stringify(join(ROOT, 'supabase/functions/agent/fetch.ts'))};
const f = agentFetch();
await (await f(${JSON.stringify(url)} + '/warm', { method: 'POST', body: '{}' })).text(); // a pooled connection now exists
try { await f(${JSON.stringify(url)} + '/apply-then-reset', { method: 'POST', body: '{}' }); console.log('answered'); }
catch { console.log('failed'); }
await (await f(${JSON.stringify(url)} + '/read', { method: 'GET' })).text();
`,
    );
    const out = await new Promise<string>((done, fail) =>
      execFile(
        'npx',
        ['deno', 'run', '--quiet', '--allow-net', script],
        { cwd: ROOT, timeout: 60_000, killSignal: 'SIGKILL' },
        (err, stdout) => (err ? fail(err) : done(stdout)),
      ),
    );
    expect(out.trim()).toBe('failed');
    expect(received.filter((r) => r === 'POST /apply-then-reset')).toHaveLength(1);
    expect(received).toContain('GET /read');
  });
});
