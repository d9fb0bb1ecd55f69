import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import postgres from 'postgres';

const ROOT = resolve(import.meta.dirname, '../../..');

/**
 * `npm run tenant -- <args>` as an operator runs it: one process. Asynchronous on purpose: PGlite is
 * served by the test's process, which must keep running meanwhile.
 */
export const runTenantCli = (
  databaseUrl: string,
  keyring: string,
  args: string[],
  env: Record<string, string> = {},
) =>
  new Promise<{ code: number; out: string; stderr: string }>((done) => {
    execFile(
      'npx',
      ['tsx', 'scripts/src/tenant-cli.ts', ...args],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          DATABASE_URL: databaseUrl,
          MAX_SECRET_KEYS: keyring,
          GREENAPI_WEBHOOK_SECRET: 'cli-test-webhook-secret-0123456789abcdef',
          ...env,
        },
        // A CLI run that hangs fails its test instead of holding the suite.
        timeout: 90_000,
        killSignal: 'SIGKILL',
      },
      (err, stdout, stderr) =>
        done({
          code: err ? Number((err as { code?: number }).code ?? 1) : 0,
          out: `${stdout}${stderr}`,
          stderr,
        }),
    );
  });

/** One query on its own connection (PGlite serves one at a time: the CLI's turn comes between). */
export async function withDatabase<T>(url: string, fn: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    return await fn(sql);
  } finally {
    await sql.end();
  }
}
