import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { CliCommand } from './command.ts';

/** One archive of everything MAX holds for a tenant (NDJSON, `max-export` v1; .gz when asked). */
export const exportTenant: CliCommand = {
  name: 'export',
  usage: 'export <id> [--out file.ndjson[.gz]]  everything MAX holds for the tenant (secrets: names only)',
  async run(ctx) {
    const id = ctx.need(ctx.args[0], 'tenant id');
    const a = await ctx.run({ action: 'data.export', tenantId: id });
    if (!('raw' in a)) return ctx.print(a, () => '');
    const out = typeof ctx.values.out === 'string' ? ctx.values.out : a.raw.fileName;
    writeFileSync(out, out.endsWith('.gz') ? gzipSync(a.raw.body) : a.raw.body);
    const end = JSON.parse(a.raw.body.trimEnd().split('\n').at(-1) ?? '{}') as {
      counts?: Record<string, number>;
    };
    const rows = Object.values(end.counts ?? {}).reduce((s, n) => s + n, 0);
    console.log(`✔ ${id}: ${rows} rows in ${out}`);
  },
};
