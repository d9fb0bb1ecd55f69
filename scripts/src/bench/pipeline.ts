import {
  createMemoryLogger,
  createPostgresStore,
  createTenantClientsFactory,
  generateKeyBase64,
  handleInbound,
  type PipelineDeps,
  parseCommand,
  signInternal,
  systemClock,
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
import { DEMO, seedDemo } from '../stack/demo-tenant.ts';
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

async function setup(withModel: boolean) {
  const keyring = { activeKeyId: 'b', keys: { b: generateKeyBase64() } };
  const pg = process.env.DATABASE_URL ? null : await startPglite();
  const url = process.env.DATABASE_URL ?? pg!.url;
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  await migrate(sql);
  const [espo, green] = await Promise.all([startEspoStandIn(), startGreenApiStandIn()]);
  await seedDemo(sql, {
    keyring,
    espoUrl: espo.url,
    greenUrl: green.url,
    espoApiKey: espo.apiKey,
    greenToken: green.tokenFor(DEMO.idInstance),
  });
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
  const store = createPostgresStore({ sql, clock: systemClock, logger: createMemoryLogger('error') });
  const deps: PipelineDeps = {
    // The overhead of the pipeline itself: no burst window (it is a configured wait, reported apart).
    burstWindowMs: 0,
    store,
    clock: systemClock,
    logger: createMemoryLogger('error'),
    agentSecret: SECRET,
    clients: createTenantClientsFactory({
      keyring,
      fetch,
      clock: systemClock,
      logger: createMemoryLogger('error'),
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
  const deliver = async (text: string, idMessage: string) => {
    const event = incomingText({ idInstance: DEMO.idInstance, chatId: DEMO.admin, text, idMessage });
    const body = JSON.stringify({
      v: 1,
      kind: 'inbound',
      requestId: idMessage,
      receivedAt: new Date().toISOString(),
      event,
    });
    const res = await handleInbound(deps, {
      headers: new Headers(await signInternal(SECRET, body, new Date())),
      body,
    });
    if (res.status !== 200) throw new Error(`pipeline answered ${res.status}: ${JSON.stringify(res.body)}`);
  };
  return {
    store,
    openai,
    deliver,
    async close() {
      await Promise.allSettled([espo.stop(), green.stop(), openai?.stop()]);
      await sql.end({ timeout: 1 });
      await pg?.stop();
    },
  };
}

/** Pipeline overhead per message (model: rules engine; CRM and Green-API stand-ins at zero latency). */
export async function benchPipeline(messages = 210) {
  const s = await setup(false);
  try {
    for (let i = 0; i < 7; i++) await s.deliver(CORPUS[i % CORPUS.length]!(100_000 + i), `WARM-${i}`);
    const before = s.store.roundTrips();
    const run = await load(messages, 1, async (i) =>
      s.deliver(CORPUS[i % CORPUS.length]!(Math.floor(i / CORPUS.length)), `PIPE-${i}`),
    );
    const trips = s.store.roundTrips() - before;
    return {
      ...summarize(run.samples, run.wallMs),
      dbRoundTripsPerMessage: Math.round((trips / messages) * 10) / 10,
    };
  } finally {
    await s.close();
  }
}

/** Model calls and prompt tokens per message over the corpus, with a scripted OpenAI endpoint. */
export async function benchModel() {
  const s = await setup(true);
  try {
    const per: Array<{ text: string; calls: number; promptTokens: number }> = [];
    for (let i = 0; i < CORPUS.length; i++) {
      const before = s.openai!.stats();
      const text = CORPUS[i]!(900 + i);
      await s.deliver(text, `MODEL-${i}`);
      const after = s.openai!.stats();
      per.push({
        text: text.slice(0, 48),
        calls: after.calls - before.calls,
        promptTokens: after.promptTokens - before.promptTokens,
      });
    }
    const n = per.length;
    return {
      messages: n,
      modelCallsPerMessage: Math.round((per.reduce((a, p) => a + p.calls, 0) / n) * 100) / 100,
      promptTokensPerMessage: Math.round(per.reduce((a, p) => a + p.promptTokens, 0) / n),
      perMessage: per,
      tokenEstimate: 'ceil(chars/4) of the JSON of messages + tools',
    };
  } finally {
    await s.close();
  }
}
