import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'max-circles-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `npm test`'s circle step, on a folder of its own. */
const cruise = (folder: string) =>
  new Promise<{ code: number; out: string }>((done) => {
    execFile(
      'npx',
      ['depcruise', folder, '--config', '.dependency-cruiser.cjs', '--output-type', 'err'],
      { cwd: ROOT, timeout: 90_000 },
      (err, stdout, stderr) => done({ code: err ? Number(err.code ?? 1) : 0, out: `${stdout}${stderr}` }),
    );
  });

function write(folder: string, files: Record<string, string>) {
  mkdirSync(join(dir, folder), { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, folder, name), text);
  return join(dir, folder);
}

describe('the import circle check', () => {
  it('fails on a circle made only of type imports, naming its files', async () => {
    const folder = write('types', {
      'lang.ts':
        "import type { Kind } from './kinds.ts';\nexport type Lang = 'fr' | 'en';\nexport const k: Kind[] = [];\n",
      'kinds.ts': "import type { Lang } from './lang.ts';\nexport interface Kind { lang: Lang }\n",
    });
    const r = await cruise(folder);
    expect(r.code).not.toBe(0);
    expect(r.out).toContain('no-circular');
    expect(r.out).toMatch(/lang\.ts/);
    expect(r.out).toMatch(/kinds\.ts/);
  }, 120_000);

  it('passes once the shared type has a module of its own', async () => {
    const folder = write('split', {
      'lang.ts': "export type Lang = 'fr' | 'en';\n",
      'kind.ts': "import type { Lang } from './lang.ts';\nexport interface Kind { lang: Lang }\n",
      'kinds.ts': "import type { Kind } from './kind.ts';\nexport const k: Kind[] = [];\n",
    });
    const r = await cruise(folder);
    expect(r.out).not.toContain('no-circular');
    expect(r.code).toBe(0);
  }, 120_000);
});
