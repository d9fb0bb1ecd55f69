import { zonedNow } from '@max/core';
import { webhookClient } from '../stack/webhook-client.ts';
import { type CaseCrm, cleanUp, diff, readRecords, seedCase, snapshot } from './case-crm.ts';
import type { EvalCase } from './corpus.ts';
import type { CrmChange, RecordView } from './observation.ts';
import type { CaseTenant } from './tenants.ts';

export interface CaseRun {
  tenant: CaseTenant;
  /** Green-API idMessage of the case's own message (the last one sent). */
  idMessage: string;
  reply: string;
  /** Webhook sent → reply received, per message (earlier ones included). */
  latenciesMs: number[];
  changes: CrmChange[];
  records: Map<string, RecordView>;
  seeds: string[];
  /** The run's day in the case's time zone. */
  runToday: string;
  /** Why the case could not be played (no reply, the webhook refused): scored as a miss. */
  error: string | null;
}

export interface CaseEnv {
  urls: { webhook: string; green: string };
  token: string;
  crm: CaseCrm;
  tenant: CaseTenant;
  runId: string;
  replyTimeoutMs: number;
}

const today = (tz: string) => zonedNow(new Date(), tz).date;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Plays one case through the real path: seeds its records, sends the earlier messages (each
 * answered before the next), then the case's message, and looks at the CRM before and after it.
 */
export async function runCase(c: EvalCase, env: CaseEnv): Promise<CaseRun> {
  const { crm, tenant } = env;
  const wa = webhookClient(env.urls, env.token, tenant.idInstance);
  const latenciesMs: number[] = [];
  const run: CaseRun = {
    tenant,
    idMessage: `${env.runId}-${tenant.id}-${c.before.length}`,
    reply: '',
    latenciesMs,
    changes: [],
    records: new Map(),
    seeds: [],
    runToday: today(tenant.timeZone),
    error: null,
  };
  const start = await snapshot(crm);
  let seeded: Array<{ entity: string; id: string }> = [];
  let replies = 0;
  const say = async (text: string, idMessage: string): Promise<string | null> => {
    const t0 = performance.now();
    // Like Green-API, a webhook that was not answered 200 is delivered again (same idMessage).
    let status = 0;
    for (let attempt = 0; attempt < 3 && status !== 200; attempt++)
      status = await wa.sendText(tenant.chatId, text, idMessage).then(
        (r) => r.status,
        () => 0,
      );
    if (status !== 200) return null;
    const got = await wa.waitForReplies(tenant.chatId, 0, replies + 1, env.replyTimeoutMs);
    if (got.length <= replies) return null;
    latenciesMs.push(performance.now() - t0);
    // A message may be answered in more than one reply: a moment for the rest.
    await sleep(150);
    const all = await wa.sent(0, tenant.chatId);
    const mine = all.slice(replies).map((r) => r.message);
    replies = all.length;
    return mine.join('\n\n');
  };
  try {
    seeded = await seedCase(crm, c, run.runToday, tenant.timeZone).catch((e: unknown) => {
      throw new Error(`seed refused by the CRM: ${(e as Error).message}`);
    });
    run.seeds = seeded.map((s) => s.id);
    for (const [k, text] of c.before.entries())
      if ((await say(text, `${env.runId}-${tenant.id}-${k}`)) === null)
        throw new Error(`no reply to before[${k}]`);
    const before = await snapshot(crm);
    // EspoCRM's modifiedAt has whole seconds: the message starts in a later second than the snapshot.
    await sleep(1000 - (Date.now() % 1000) + 20);
    const reply = await say(c.text, run.idMessage);
    if (reply === null) throw new Error('no reply to the message');
    run.reply = reply;
    const after = await snapshot(crm);
    run.changes = diff(before, after);
    // The records the scorer may look at: changed now, seeded, or made by the earlier messages.
    const earlier = diff(start, before).filter((ch) => ch.kind === 'created');
    const wanted = [...run.changes.filter((ch) => ch.kind !== 'deleted'), ...seeded, ...earlier];
    run.records = await readRecords(crm, wanted);
  } catch (e) {
    run.error = (e as Error).message;
  } finally {
    if (crm.real) {
      const made = diff(start, await snapshot(crm)).filter((ch) => ch.kind === 'created');
      await cleanUp(crm, [...seeded, ...made]);
    }
  }
  return run;
}
