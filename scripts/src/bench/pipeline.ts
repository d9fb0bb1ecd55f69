import {
  createMemoryLogger,
  createPostgresStore,
  createTenantClientsFactory,
  generateKeyBase64,
  handleAgentRequest,
  type PipelineDeps,
  parseCommand,
  signInternal,
  systemClock,
  toModelSpec,
  toolsFor,
} from '@max/core';
import {
  incomingText,
  migrate,
  startEspoStandIn,
  startGreenApiStandIn,
  startOpenAiStandIn,
  startPglite,
} from '@max/sandbox';
import postgres from 'postgres';
import { DEMO, seedDemoOnStandIns } from '../stack/demo-tenant.ts';
import { PROMPT_TOKENS_METHOD, promptTokensOf } from './prompt-tokens.ts';
import { load, summarize } from './stats.ts';

const SECRET = 'bench-agent-secret-0123456789abcdef0123';

/** A fixed corpus of what salespeople write, FR and EN (creates use fresh emails per run). */
export const CORPUS = [
  (i: number) => `Salut MAX, crée un lead pour Test Bench${i}, email bench${i}@test.com`,
  (i: number) => `trouve le lead bench${i}@test.com`,
  (i: number) => `passe bench${i}@test.com en cours`,
  (i: number) => `ajoute une note à bench${i}@test.com : rappeler jeudi`,
  (i: number) => `create a lead for John Bench${i} at Acme Corp, email john${i}@acme.test`,
  () => 'show recent leads',
  (i: number) => `crée une tâche rappeler bench${i}@test.com demain`,
];

export async function setup(withModel: boolean, settleMs = 0) {
  const keyring = { activeKeyId: 'b', keys: { b: generateKeyBase64() } };
  const pg = process.env.DATABASE_URL ? null : await startPglite();
  const url = process.env.DATABASE_URL ?? pg!.url;
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  await migrate(sql);
  const [espo, green] = await Promise.all([
    startEspoStandIn({ customizations: 'infra' }),
    startGreenApiStandIn(),
  ]);
  await seedDemoOnStandIns(sql, keyring, espo, green);
  // One chat sends the whole corpus: the per-chat rate (20 a minute by default) is not what is measured.
  await sql`update tenants set chat_messages_per_minute = 600`;
  // The scripted model answers what a good model would: the tool call the rules engine derives.
  const openai = withModel
    ? await startOpenAiStandIn({
        script: (req) => {
          const text = String(req.messages.at(-1)?.content ?? '');
          const parsed = parseCommand(text, { today: new Date().toISOString().slice(0, 10), locale: 'fr' });
          return parsed.kind === 'calls'
            ? { toolCalls: parsed.calls.map((c) => ({ name: c.name, arguments: c.args })) }
            : { content: 'OK' };
        },
      })
    : null;
  const store = createPostgresStore({ sql, logger: createMemoryLogger('error') });
  const deps: PipelineDeps = {
    // The overhead of the pipeline itself: no burst wait (a configured wait, reported apart) unless asked.
    burstWindowMs: 0,
    settleMs,
    store,
    clock: systemClock,
    logger: createMemoryLogger('error'),
    agentSecret: SECRET,
    clients: createTenantClientsFactory({
      keyring,
      fetch,
      clock: systemClock,
      logger: createMemoryLogger('error'),
      // The Green-API stand-in serves sent files (an import's spreadsheet) over http://127.0.0.1.
      mediaHosts: [green.url],
      llm: openai
        ? {
            apiKey: 'sk-bench',
            baseURL: `${openai.url}/v1`,
            model: 'bench',
            transcribeModel: 'whisper-1',
            timeoutMs: 10_000,
          }
        : null,
    }),
  };
  const deliver = async (text: string, idMessage: string) =>
    deliverEvent(
      incomingText({ idInstance: DEMO.idInstance, chatId: DEMO.admin, text, idMessage }),
      idMessage,
    );
  const deliverEvent = async (event: unknown, idMessage: string) => {
    const body = JSON.stringify({
      v: 1,
      kind: 'inbound',
      requestId: idMessage,
      receivedAt: new Date().toISOString(),
      event,
    });
    const res = await handleAgentRequest(deps, {
      headers: new Headers(await signInternal(SECRET, body, new Date())),
      body,
    });
    if (res.status !== 200) throw new Error(`pipeline answered ${res.status}: ${JSON.stringify(res.body)}`);
  };
  /** Delivers `first`, then `second` of the same chat while `first` is still running: the wait is counted. */
  const deliverOrdered = async (first: string, second: string, i: number) => {
    const a = deliver(first, `ORD-A-${i}`);
    await new Promise((r) => setTimeout(r, 5));
    await Promise.all([a, deliver(second, `ORD-B-${i}`)]);
  };
  return {
    store,
    sql,
    openai,
    espo,
    green,
    deliver,
    deliverEvent,
    deliverOrdered,
    async close() {
      await Promise.allSettled([espo.stop(), green.stop(), openai?.stop()]);
      await sql.end({ timeout: 1 });
      await pg?.stop();
    },
  };
}

/** The database units a message used, by stage: claim + context (begin), act, commit, send, lease. */
const STAGES: Record<string, string> = {
  begin: 'claim+context',
  tool_result: 'act',
  commit: 'commit',
  take_outbox: 'send',
  complete_send: 'send',
  heartbeat: 'lease',
  fail: 'fail',
};

function byStage(before: Record<string, number>, after: Record<string, number>, n: number) {
  const out: Record<string, number> = {};
  for (const [unit, count] of Object.entries(after)) {
    const stage = STAGES[unit] ?? unit;
    out[stage] = (out[stage] ?? 0) + (count - (before[unit] ?? 0)) / n;
  }
  for (const k of Object.keys(out)) out[k] = Math.round(out[k]! * 100) / 100;
  return out;
}

/**
 * Pipeline overhead per message (rules engine; CRM and Green-API stand-ins at zero latency), and
 * the database round trips: every statement counts (one per unit of work).
 */
export async function benchPipeline(messages = 210) {
  const s = await setup(false);
  try {
    for (let i = 0; i < 7; i++) await s.deliver(CORPUS[i % CORPUS.length]!(100_000 + i), `WARM-${i}`);
    const before = s.store.roundTrips();
    const unitsBefore = s.store.roundTripsByUnit();
    const run = await load(messages, 1, async (i) =>
      s.deliver(CORPUS[i % CORPUS.length]!(Math.floor(i / CORPUS.length)), `PIPE-${i}`),
    );
    const trips = s.store.roundTrips() - before;
    const perStage = byStage(unitsBefore, s.store.roundTripsByUnit(), messages);
    // The seed command alone (a create: one CRM write): the "simple command".
    const simpleBefore = s.store.roundTrips();
    await s.deliver(CORPUS[0]!(500_000), 'SIMPLE-1');
    const simple = s.store.roundTrips() - simpleBefore;
    return {
      ...summarize(run.samples, run.wallMs),
      dbRoundTripsPerMessage: Math.round((trips / messages) * 10) / 10,
      dbRoundTripsPerStage: perStage,
      dbRoundTripsSimpleCommand: simple,
    };
  } finally {
    await s.close();
  }
}

/**
 * What waiting costs: with the production settle (a message waits briefly for more of its
 * sender's messages) and a second message of a chat arriving while the first runs.
 */
export async function benchOrdering(pairs = 10) {
  const s = await setup(false, 250);
  try {
    await s.deliver(CORPUS[1]!(0), 'ORD-WARM');
    const lone = s.store.roundTripsByUnit().begin ?? 0;
    const loneTrips = s.store.roundTrips();
    await s.deliver(CORPUS[0]!(700_000), 'ORD-LONE');
    const loneCommand = s.store.roundTrips() - loneTrips;
    const loneBegins = (s.store.roundTripsByUnit().begin ?? 0) - lone;
    const before = s.store.roundTripsByUnit().begin ?? 0;
    for (let i = 0; i < pairs; i++)
      await s.deliverOrdered(CORPUS[0]!(800_000 + i), CORPUS[3]!(800_000 + i), i);
    const begins = (s.store.roundTripsByUnit().begin ?? 0) - before;
    return {
      // A lone command with the production settle: its claim, one wait, its take.
      loneCommandRoundTrips: loneCommand,
      loneCommandBegins: loneBegins,
      // Per message of an ordered pair: begin statements beyond the one that takes it.
      extraQueriesWhileWaiting: Math.round(((begins - 2 * pairs) / (2 * pairs)) * 100) / 100,
    };
  } finally {
    await s.close();
  }
}

/**
 * Issue 14's commands beside the corpus above: every family the tool set grew by (contacts,
 * accounts, opportunities, links, conversion, calls and meetings, custom entities and fields,
 * memory, maintenance, setup), FR and EN, as one admin sends them.
 */
export const MODEL_CORPUS: Array<(i: number) => string> = [
  ...CORPUS,
  () => 'crée un contact Marie Dupont chez Boulangerie Dupont, email marie@dupont.test',
  () => 'create an account Globex, website globex.test',
  () => 'nouvelle opportunité de 5000 $ pour Boulangerie Dupont',
  () => "rattache l'opportunité Boulangerie Dupont au contact Marie Dupont",
  () => 'convertis le lead bench900@test.com',
  () => 'planifie un rendez-vous avec John Bench904 demain à 10h',
  () => 'I called John Bench904 today: wants a quote',
  () => 'crée une mission MAX pour Boulangerie Dupont, budget 1500',
  () => 'crée un diagnostic IA pour John Bench904, score 72',
  () => 'retiens que nous sommes une agence immobilière à Lyon',
  () => 'what do you know about us?',
  () => 'cherche les doublons',
  () => 'check the data quality of leads',
  () => 'configure le CRM pour une agence immobilière',
];

/**
 * Model calls and prompt tokens per message over the corpus, with a scripted OpenAI endpoint, and
 * what routing saves: the tool schemas offered per message beside the whole tool set an admin has.
 */
export async function benchModel() {
  const s = await setup(true);
  try {
    const per: Array<{ text: string; calls: number; promptTokens: number; tools: number }> = [];
    for (let i = 0; i < MODEL_CORPUS.length; i++) {
      const before = s.openai!.stats();
      const text = MODEL_CORPUS[i]!(900 + i);
      await s.deliver(text, `MODEL-${i}`);
      const after = s.openai!.stats();
      per.push({
        text: text.slice(0, 48),
        calls: after.calls - before.calls,
        promptTokens: after.requests.slice(before.calls).reduce((a, r) => a + promptTokensOf(r), 0),
        tools: after.calls > before.calls ? (after.lastRequest?.tools?.length ?? 0) : 0,
      });
    }
    const n = per.length;
    const allAdminTools = toolsFor('admin');
    return {
      messages: n,
      modelCallsPerMessage: Math.round((per.reduce((a, p) => a + p.calls, 0) / n) * 100) / 100,
      maxModelCalls: Math.max(...per.map((p) => p.calls)),
      promptTokensPerMessage: Math.round(per.reduce((a, p) => a + p.promptTokens, 0) / n),
      maxPromptTokens: Math.max(...per.map((p) => p.promptTokens)),
      toolsOfferedPerMessage: Math.round((per.reduce((a, p) => a + p.tools, 0) / n) * 10) / 10,
      toolsInAll: allAdminTools.length,
      allToolSchemasTokens:
        promptTokensOf({
          messages: [{ role: 'user', content: '' }],
          tools: allAdminTools.map(toModelSpec),
        }) - promptTokensOf({ messages: [{ role: 'user', content: '' }] }),
      perMessage: per,
      promptTokensMethod: PROMPT_TOKENS_METHOD,
    };
  } finally {
    await s.close();
  }
}
