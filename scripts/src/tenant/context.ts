import { userInfo } from 'node:os';
import {
  type Actor,
  type AdminAnswer,
  type AdminCommand,
  adminCommandSchema,
  cliActor,
  createJsonLogger,
  type Keyring,
  keyringSchema,
  type OperateDeps,
  operateSettings,
  runCommand,
  systemClock,
} from '@max/core';
import type { Sql } from 'postgres';

/** What a tenant CLI command gets: its arguments, the database, and core's operator side. */
export interface CliContext {
  args: string[];
  values: Record<string, string | boolean | undefined>;
  sql: Sql;
  ops: OperateDeps;
  actor: Actor;
  fail(message: string): never;
  need(value: string | undefined, what: string): string;
  keyring(): Keyring;
  /** Runs a command through core exactly as the API does (validated, audited as cli:<user>). */
  run(command: Record<string, unknown>): Promise<AdminAnswer>;
  /** Prints an answer: `ok` turns a success into lines; --json prints the JSON as it is. Sets the exit code. */
  print(answer: AdminAnswer, ok: (body: Record<string, unknown>) => string): void;
}

/** A usage error (a missing or bad argument, flag or setting): the dispatcher prints it and exits 2. */
export class CliUsageError extends Error {}

export const fail = (msg: string): never => {
  throw new CliUsageError(msg);
};

export function loadKeyring(): Keyring {
  const raw = process.env.MAX_SECRET_KEYS ?? fail('MAX_SECRET_KEYS is not set');
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    fail('MAX_SECRET_KEYS is not JSON (`npm run tenant -- keygen` prints one)');
  }
  const parsed = keyringSchema.safeParse(json);
  return parsed.success
    ? parsed.data
    : fail(`MAX_SECRET_KEYS is invalid: ${parsed.error.issues[0]?.message}`);
}

export function cliContext(sql: Sql, args: string[], values: CliContext['values']): CliContext {
  let ring: Keyring | null = null;
  const keyring = () => {
    ring ??= loadKeyring();
    return ring;
  };
  const ops: OperateDeps = {
    sql: (_name, run) => run(sql),
    // Read only by the commands that seal or open secrets: the others run without MAX_SECRET_KEYS.
    get keyring() {
      return keyring();
    },
    fetch: (input, init) => fetch(input, init),
    clock: systemClock,
    logger: createJsonLogger({ write: () => {}, now: () => new Date(), level: 'error' }),
    settings: operateSettings({
      ...(process.env.ROTATION_GRACE_HOURS
        ? { rotationGraceHours: Number(process.env.ROTATION_GRACE_HOURS) }
        : {}),
      ...(process.env.DELETION_GRACE_DAYS
        ? { deletionGraceDays: Number(process.env.DELETION_GRACE_DAYS) }
        : {}),
      ...(process.env.AUDIT_RETENTION_DAYS
        ? { auditRetentionDays: Number(process.env.AUDIT_RETENTION_DAYS) }
        : {}),
    }),
  };
  const actor = cliActor(process.env.MAX_OPERATOR ?? userInfo().username);
  return {
    args,
    values,
    sql,
    ops,
    actor,
    fail,
    need: (v, what) => v ?? fail(`${what} is required`),
    keyring,
    async run(command) {
      const parsed = adminCommandSchema.safeParse(command);
      if (!parsed.success) {
        const i = parsed.error.issues[0];
        return fail(`${i?.path.join('.') || 'input'}: ${i?.message}`);
      }
      return runCommand(ops, actor, parsed.data as AdminCommand);
    },
    print(answer, ok) {
      if (!('body' in answer)) return;
      if (values.json) console.log(JSON.stringify(answer.body, null, 2));
      else if (answer.status < 400) console.log(ok(answer.body));
      else {
        const err = answer.body.error as {
          message?: string;
          details?: { fix?: Array<{ check: string; fix?: string }> };
        };
        console.error(`✘ ${err?.message ?? `failed (${answer.status})`}`);
        for (const f of err?.details?.fix ?? []) console.error(`  – ${f.check}: ${f.fix ?? ''}`);
      }
      if (answer.status >= 400) process.exitCode = 1;
    },
  };
}
