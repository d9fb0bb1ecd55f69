import type { CliContext } from './context.ts';

/** One `npm run tenant -- <name>` command, in a file of its own. */
export interface CliCommand {
  name: string;
  /** Its line in the usage text. */
  usage: string;
  run(ctx: CliContext): Promise<void>;
}

/** A check line as the operator reads it: ✔ / ✘ / – (not applicable). */
export const checkLine = (c: { ok: boolean | null; name: string; detail: string; fix?: string }) =>
  `${c.ok === null ? '–' : c.ok ? '✔' : '✘'} ${c.name}: ${c.detail}${!c.ok && c.fix ? `\n    fix: ${c.fix}` : ''}`;

/** `<id> <what>`: the tenant id and the argument after it, both required (the id's absence said first). */
export const tenantAnd = (ctx: CliContext, what: string): [id: string, value: string] => [
  ctx.need(ctx.args[0], 'tenant id'),
  ctx.need(ctx.args[1], what),
];

export const monthOption = (ctx: CliContext) =>
  typeof ctx.values.month === 'string' ? ctx.values.month : new Date().toISOString().slice(0, 7);

/** A string flag's value (`--name N`); undefined when absent. */
export const text = (ctx: CliContext, flag: string): string | undefined => {
  const v = ctx.values[flag];
  return typeof v === 'string' ? v : undefined;
};
