import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../../..');

export interface Uploaded {
  /** The deploy's metadata part: entrypoint_path, import_map_path, verify_jwt, name… */
  metadata: { entrypoint_path: string; import_map_path: string; verify_jwt: boolean; name: string };
  /** Every file part: its path as the CLI named it → its bytes. */
  files: Map<string, Buffer>;
  /** The CLI's output. */
  log: string;
}

/**
 * Runs the pinned Supabase CLI's own `functions deploy --use-api` on a function directory, with a
 * profile that points its Management API at a local receiver: what the CLI would upload to
 * Supabase, byte for byte, without an account or the network. The receiver answers the deploy
 * call as Supabase does (201); nothing else is emulated.
 */
export async function deployWithSupabaseCli(workdir: string, slug = 'agent'): Promise<Uploaded> {
  let uploaded: Omit<Uploaded, 'log'> | null = null;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      if (req.method === 'POST' && req.url?.includes(`/functions/deploy?slug=${slug}`)) {
        const form = await new Response(Buffer.concat(chunks), {
          headers: { 'content-type': String(req.headers['content-type']) },
        }).formData();
        const files = new Map<string, Buffer>();
        for (const [, v] of form)
          if (typeof v !== 'string') files.set(v.name, Buffer.from(await v.arrayBuffer()));
        uploaded = { metadata: JSON.parse(String(form.get('metadata'))), files };
        res
          .writeHead(201, { 'content-type': 'application/json' })
          .end(JSON.stringify({ id: 'local', slug, name: slug, version: 1, status: 'ACTIVE' }));
        return;
      }
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"not emulated"}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const home = mkdtempSync(join(tmpdir(), 'max-supabase-home-'));
  const profile = join(home, 'profile.yaml');
  const api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  writeFileSync(
    profile,
    `name: local-receiver\napi_url: ${api}\ndashboard_url: ${api}/dashboard\nproject_host: supabase.test\n`,
  );
  try {
    const log = await new Promise<string>((ok, fail) => {
      const child = spawn(
        join(ROOT, 'node_modules/.bin/supabase'),
        [
          'functions',
          'deploy',
          slug,
          '--use-api',
          '--project-ref',
          'localreceiverabcdefg',
          '--profile',
          profile,
          '--workdir',
          workdir,
        ],
        {
          // An empty directory: the CLI must find everything through --workdir.
          cwd: mkdtempSync(join(tmpdir(), 'max-supabase-cwd-')),
          env: {
            ...process.env,
            SUPABASE_ACCESS_TOKEN: `sbp_${'0'.repeat(40)}`,
            SUPABASE_HOME: home,
            SUPABASE_TELEMETRY_DISABLED: '1',
            DO_NOT_TRACK: '1',
          },
          // A CLI that hangs fails the test instead of holding the suite.
          timeout: 120_000,
          killSignal: 'SIGKILL',
        },
      );
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c));
      child.stderr.on('data', (c: Buffer) => (out += c));
      child.on('error', fail);
      child.on('exit', (code) =>
        code === 0 ? ok(out) : fail(new Error(`supabase functions deploy: exit ${code}\n${out}`)),
      );
    });
    if (!uploaded) throw new Error(`the CLI uploaded nothing:\n${log}`);
    return { ...(uploaded as Omit<Uploaded, 'log'>), log };
  } finally {
    await new Promise((r) => server.close(r));
  }
}

/** Writes the uploaded files into `dir` (empty), refusing a path that would leave it. */
export function materialize(u: Uploaded, dir: string): string {
  for (const [name, bytes] of u.files) {
    const path = resolve(dir, name);
    if (!path.startsWith(dir + sep)) throw new Error(`uploaded path leaves the directory: ${name}`);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, bytes);
  }
  return resolve(dir, u.metadata.entrypoint_path);
}
