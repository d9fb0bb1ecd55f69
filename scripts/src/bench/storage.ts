import { CORPUS, setup } from './pipeline.ts';
import { load, summarize } from './stats.ts';

/** The metering triggers (usage_and_plans migration): switched off for the comparison run. */
const METERING = [
  ['inbound_messages', 'inbound_messages_usage'],
  ['outbox', 'outbox_usage'],
  ['max_logs', 'max_logs_usage'],
] as const;

/** Milliseconds the database spent in the metering functions so far (track_functions). */
async function meteringMs(sql: Awaited<ReturnType<typeof setup>>['sql']): Promise<number> {
  // Function statistics reach the view within a second of the transactions that made them.
  await new Promise((r) => setTimeout(r, 1100));
  await sql`select pg_stat_clear_snapshot()`;
  const [r] = await sql`
    select coalesce(sum(self_time), 0)::float as ms from pg_stat_user_functions
     where schemaname = 'public' and funcname in ('usage_on_message', 'usage_on_audit', 'usage_on_send', 'usage_add', 'usage_notice')`;
  return Number(r!.ms);
}

/** Bytes of every public table with its indexes and TOAST, and the rows' own bytes, per table. */
async function storage(sql: Awaited<ReturnType<typeof setup>>['sql']) {
  const rows = await sql`
    select c.relname as t, pg_total_relation_size(c.oid)::bigint as disk
      from pg_class c where c.relnamespace = 'public'::regnamespace and c.relkind = 'r'`;
  const logical: Record<string, number> = {};
  for (const r of rows) {
    const [x] = await sql.unsafe(
      `select coalesce(sum(pg_column_size(t.*)), 0)::bigint as b from public.${r.t} t`,
    );
    logical[String(r.t)] = Number(x!.b);
  }
  return {
    disk: rows.reduce((s, r) => s + Number(r.disk), 0),
    logical,
  };
}

/**
 * What a message costs in storage and in statements, and what metering costs: the corpus run
 * through the pipeline (rules engine, zero-latency stand-ins) with the usage triggers on, then off.
 * Bytes: the growth of every table of public (on disk with indexes, and the rows' own bytes).
 */
export async function benchStorage(messages = 150) {
  // Three runs of one chat stay under the per-chat rate's ceiling (600 started messages a minute).
  const s = await setup(false);
  try {
    for (let i = 0; i < 7; i++) await s.deliver(CORPUS[i % CORPUS.length]!(200_000 + i), `SWARM-${i}`);
    // The store's one connection: the functions it runs are timed from here on.
    await s.sql`set track_functions = 'pl'`;
    const run = async (tag: string, offset: number) => {
      const before = await storage(s.sql);
      const metering = await meteringMs(s.sql);
      const trips = s.store.roundTrips();
      const units = s.store.roundTripsByUnit();
      const cpu = process.cpuUsage();
      const r = await load(messages, 1, async (i) =>
        s.deliver(CORPUS[i % CORPUS.length]!(offset + Math.floor(i / CORPUS.length)), `${tag}-${i}`),
      );
      const used = process.cpuUsage(cpu);
      const after = await storage(s.sql);
      const meteringDbMs = (await meteringMs(s.sql)) - metering;
      const growth = Object.fromEntries(
        Object.entries(after.logical)
          .map(([t, b]) => [t, Math.round((b - (before.logical[t] ?? 0)) / messages)] as const)
          .filter(([, b]) => b > 0),
      );
      return {
        ...summarize(r.samples, r.wallMs),
        dbStatementsPerMessage: Math.round(((s.store.roundTrips() - trips) / messages) * 100) / 100,
        dbStatementsPerUnit: Object.fromEntries(
          Object.entries(s.store.roundTripsByUnit())
            .map(([u, n]) => [u, Math.round(((n - (units[u] ?? 0)) / messages) * 100) / 100] as const)
            .filter(([, n]) => n > 0),
        ),
        processCpuMsPerMessage: Math.round(((used.user + used.system) / 1000 / messages) * 100) / 100,
        meteringDbMsPerMessage: Math.round((meteringDbMs / messages) * 1000) / 1000,
        diskBytesPerMessage: Math.round((after.disk - before.disk) / messages),
        rowBytesPerMessage: Object.values(growth).reduce((a, b) => a + b, 0),
        rowBytesPerMessageByTable: growth,
      };
    };
    // Metered, unmetered, metered again: the second metered run is reported (both warm), the
    // first only warms up what the unmetered one would otherwise be alone to benefit from.
    await run('STORE-W', 300_000);
    for (const [t, trg] of METERING) await s.sql.unsafe(`alter table public.${t} disable trigger ${trg}`);
    const unmetered = await run('STORE-U', 400_000);
    for (const [t, trg] of METERING) await s.sql.unsafe(`alter table public.${t} enable trigger ${trg}`);
    const metered = await run('STORE-M', 500_000);
    const [usage] =
      await s.sql`select count(*)::int as days, coalesce(sum(messages_in), 0)::int as messages from tenant_usage`;
    return {
      messages,
      database: process.env.DATABASE_URL ? 'postgres' : 'pglite (in this process: its CPU is counted)',
      metered,
      unmetered,
      meteringExtraStatementsPerMessage:
        Math.round((metered.dbStatementsPerMessage - unmetered.dbStatementsPerMessage) * 100) / 100,
      meteringRowBytesPerMessage: metered.rowBytesPerMessageByTable.tenant_usage ?? 0,
      usageRows: usage,
    };
  } finally {
    await s.close();
  }
}
