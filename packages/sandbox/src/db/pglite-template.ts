import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import postgres from 'postgres';
import { MIGRATIONS_DIR, migrate } from './migrate.ts';
import { startPglite } from './pglite-server.ts';

/**
 * initdb under WASM takes ~4 s; loading a dump of an already migrated database takes well under
 * one. The dump is cached in memory per process and on disk under the OS temp dir, keyed by the
 * migrations' content and the PGlite version, so a changed migration builds a fresh one.
 */
let inMemory: { key: string; blob: Promise<Blob> } | null = null;

export function templateKey(dir: string = MIGRATIONS_DIR): string {
  const h = createHash('sha256').update(pgliteVersion());
  for (const f of readdirSync(dir).sort()) {
    if (f.endsWith('.sql')) h.update(f).update(readFileSync(join(dir, f)));
  }
  return h.digest('hex').slice(0, 16);
}

export function migratedPgliteTemplate(dir: string = MIGRATIONS_DIR): Promise<Blob> {
  const key = templateKey(dir);
  if (inMemory?.key !== key) {
    const blob = loadOrBuild(key, dir);
    blob.catch(() => {
      if (inMemory?.blob === blob) inMemory = null; // a failed build is not cached
    });
    inMemory = { key, blob };
  }
  return inMemory.blob;
}

async function loadOrBuild(key: string, dir: string): Promise<Blob> {
  const file = join(tmpdir(), `max-pglite-${key}.tar.gz`);
  if (existsSync(file)) return new Blob([readFileSync(file)]);
  const pg = await startPglite();
  try {
    const sql = postgres(pg.url, { max: 1, onnotice: () => {} });
    try {
      await migrate(sql, dir);
    } finally {
      await sql.end({ timeout: 1 });
    }
    const dump = await pg.db.dumpDataDir('gzip');
    // Write then rename: parallel test workers never read a half-written file.
    const partial = `${file}.${process.pid}.${Date.now()}`;
    writeFileSync(partial, new Uint8Array(await dump.arrayBuffer()));
    renameSync(partial, file);
    return dump;
  } finally {
    await pg.stop();
  }
}

function pgliteVersion(): string {
  const require = createRequire(import.meta.url);
  let d = dirname(require.resolve('@electric-sql/pglite'));
  while (!existsSync(join(d, 'package.json')) && dirname(d) !== d) d = dirname(d);
  const pkg = JSON.parse(readFileSync(join(d, 'package.json'), 'utf8')) as { version?: string };
  return `pglite@${pkg.version ?? 'unknown'}`;
}
