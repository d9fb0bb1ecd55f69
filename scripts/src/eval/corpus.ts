import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { z } from 'zod';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * One case of an eval corpus (JSON Lines, one case a line; the format is shared with the rules
 * engine's paraphrase and negative corpora). Exactly one expectation: the tool call MAX must make,
 * nothing written, or one question asked.
 */
export const evalCaseSchema = z
  .object({
    id: z.string().min(1).max(120),
    lang: z.enum(['fr', 'en']),
    role: z.enum(['member', 'admin']).default('member'),
    text: z.string().min(1).max(4000),
    /** Earlier messages of the same chat, sent first (each waits for its reply). */
    before: z.array(z.string().min(1).max(4000)).max(10).default([]),
    /** Records created in the CRM before the case (through the API user). */
    seed: z
      .array(
        z.object({
          entity: z.string().regex(/^[A-Z][A-Za-z0-9]{1,60}$/),
          attrs: z.record(z.string(), z.unknown()),
        }),
      )
      .max(20)
      .default([]),
    /** The day the expected dates were written against (YYYY-MM-DD). */
    today: z.string().regex(DATE).optional(),
    /** The tenant's time zone for this case (default Europe/Paris). */
    tz: z.string().min(1).max(60).optional(),
    expect: z.union([
      z
        .object({
          tool: z.string().regex(/^[a-z][a-z_]{1,60}$/),
          args: z.record(z.string(), z.unknown()).default({}),
        })
        .strict(),
      z.object({ write: z.literal(false) }).strict(),
      z.object({ ask: z.literal(true) }).strict(),
    ]),
  })
  .strict();

export type EvalCase = z.infer<typeof evalCaseSchema> & {
  source: string;
  /** The line says what exists (`seed`, even empty); otherwise the records the call names are made. */
  seedGiven?: boolean;
};

/** The .jsonl files of a path: the file itself, or a folder's, sorted by name. */
function corpusFiles(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()
    .map((f) => join(path, f));
}

/**
 * Every case of a corpus (a file or a folder of .jsonl files), optionally only those whose id
 * starts with `only`. A bad line is an error naming its file and line; ids are unique.
 */
export function loadCorpus(path: string, opts: { only?: string | null; root?: string } = {}): EvalCase[] {
  const cases: EvalCase[] = [];
  const seen = new Map<string, string>();
  for (const file of corpusFiles(path)) {
    const rel = relative(opts.root ?? process.cwd(), file);
    const name = rel.startsWith('..') ? file : rel;
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((raw, i) => {
        const line = raw.trim();
        if (!line || line.startsWith('//')) return;
        const where = `${name}:${i + 1}`;
        let json: unknown;
        try {
          json = JSON.parse(line);
        } catch (e) {
          throw new Error(`${where}: not JSON (${(e as Error).message})`);
        }
        const parsed = evalCaseSchema.safeParse(json);
        if (!parsed.success) {
          const issue = parsed.error.issues[0]!;
          throw new Error(`${where}: ${issue.path.join('.') || 'case'}: ${issue.message}`);
        }
        const earlier = seen.get(parsed.data.id);
        if (earlier) throw new Error(`${where}: id "${parsed.data.id}" already used at ${earlier}`);
        seen.set(parsed.data.id, where);
        const seedGiven = typeof json === 'object' && json !== null && 'seed' in json;
        cases.push({ ...parsed.data, source: where, seedGiven });
      });
  }
  return opts.only ? cases.filter((c) => c.id.startsWith(opts.only!)) : cases;
}
