import postgres from 'postgres';
import { describeCliFailure } from '../stack/cli-failure.ts';
import { findCommand } from './commands.ts';
import { CliUsageError, cliContext } from './context.ts';
import { parseTenantArgs, type TenantArgs } from './flags.ts';
import { USAGE } from './help.ts';
import { keygen } from './secret-keys.ts';

/**
 * `npm run tenant -- <command>` in-process: parses the flags, answers help and keygen without a
 * database, refuses an unknown command, then runs the command against DATABASE_URL. Returns the
 * exit code (0 done, 1 failed, 2 usage error) and leaves the process's own exit code as it found it.
 */
export async function runTenantCli(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const before = process.exitCode;
  process.exitCode = undefined;
  try {
    const code = await dispatch(argv, env);
    return code ?? Number(process.exitCode ?? 0);
  } catch (e) {
    if (!(e instanceof CliUsageError)) throw e;
    console.error(`✘ ${e.message}`);
    return 2;
  } finally {
    process.exitCode = before;
  }
}

async function dispatch(argv: string[], env: NodeJS.ProcessEnv): Promise<number | undefined> {
  let parsed: TenantArgs;
  try {
    parsed = parseTenantArgs(argv);
  } catch (e) {
    console.error(`✘ ${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { command, args, values } = parsed;
  if (!command || values.help) {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  if (command === keygen.name) {
    keygen.run();
    return 0;
  }
  const cmd = findCommand(command);
  if (!cmd) {
    console.log(USAGE);
    return 2;
  }
  const dbUrl = env.DATABASE_URL;
  if (!dbUrl)
    throw new CliUsageError('DATABASE_URL is not set (the tenant CLI needs a PostgreSQL; see the README)');
  // A short connect timeout: an unreachable host is reported in seconds, not after 30.
  const sql = postgres(dbUrl, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    // The database first: when it is away, one clear line (not an answer per command).
    await sql`select 1`;
    await cmd.run(cliContext(sql, args, values));
    return undefined;
  } catch (e) {
    if (e instanceof CliUsageError) throw e;
    // The database down (or any expected failure) is one line and exit 1, not a stack trace.
    console.error(`✘ ${describeCliFailure(e, dbUrl)}`);
    if (env.DEBUG) console.error(e);
    return 1;
  } finally {
    await sql.end({ timeout: 1 }).catch(() => undefined);
  }
}
