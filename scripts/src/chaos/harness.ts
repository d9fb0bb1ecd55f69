import { incomingText } from '@max/sandbox';
import type { Sql } from 'postgres';
import type { Stack } from '../stack/start-stack.ts';
import { setSecret, setSender, upsertTenant } from '../stack/tenants.ts';
import { type ChaosCrm, chaosCrm } from './crm-target.ts';
import type { Probe } from './probes.ts';
import { type Observations, tally } from './tally.ts';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export type Stage = 'turn' | 'reply';

/** What every scenario gets: the running stack, its stand-ins, the database as its owner. */
export interface ChaosHarness {
  stack: Stack;
  /** The CRM: the stand-in, or a real EspoCRM behind the fault proxy (same fault rules). */
  espo: ChaosCrm;
  green: Stack['standIns']['green'];
  /** The database, directly (never through the agent's proxy), as its owner. */
  admin: Sql;
  quick: boolean;
  /** A short id of this run, part of every marker and message id. */
  run: string;
  /** A progress line. */
  say(line: string): void;
  /** Webhooks of these messages through the Worker, each `copies` times at once (as Green-API retries). */
  deliver(p: Probe, copies?: number): Promise<void>;
  /**
   * WhatsApp received the message: it is in Green-API's journal (lastIncomingMessages), whether or
   * not its webhook is ever delivered.
   */
  received(p: Probe): void;
  /**
   * Fires the Worker's cron for real: wrangler dev's trigger of the scheduled handler
   * (GET /cdn-cgi/handler/scheduled, what `--test-scheduled`'s /__scheduled does, and it works on
   * a pre-bundled Worker too). wrangler dev never fires it on its own. True on 200.
   */
  fireCron(): Promise<boolean>;
  /** How many times this run fired the cron. */
  cronFires(): number;
  /** How many agent log lines of this event this run has seen so far (e.g. agent.memory_conflict). */
  agentEvents(event: string): number;
  /** Authorises these chats as members of a tenant. */
  addSenders(tenantId: string, chats: string[]): Promise<void>;
  /** A lead made directly in the CRM (not through MAX): what notes are written on. */
  createLead(firstName: string, lastName: string, email: string): Promise<string>;
  /** Another tenant on the same stand-ins, with its own instance. */
  addTenant(id: string, idInstance: string, chatMessagesPerMinute: number): Promise<void>;
  setChatRate(tenantId: string, perMinute: number): Promise<void>;
  observe(probes: Probe[]): Promise<Observations>;
  /** Polls until every message is final with no reply left to send, or `deadline`; true when settled. */
  waitSettled(probes: Probe[], deadline: number): Promise<boolean>;
  /**
   * How many of these messages reached MAX while an earlier one of their chat (in WhatsApp order)
   * was still open: the overlap a burst or a reordering must produce to test anything.
   */
  overlapping(probes: Probe[]): Promise<number>;
  /** When each message started and arrived (ms), and whether it ran inside another's turn: for the chat-rate scenarios. */
  starts(probes: Probe[]): Promise<Array<{ startedAt: number; receivedAt: number; merged: boolean }>>;
  /**
   * How many of the run's messages are in a stage now: `turn` (claimed, running) or `reply` (its
   * reply being sent) — what a fault catches in flight.
   */
  inFlight(stage: Stage): Promise<number>;
  /**
   * Waits until `fromMs` after `start`, then until some message is in that stage (at most until
   * `toMs`), so the fault hits turns in the middle; returns how many were.
   */
  whenInFlight(stage: Stage, start: number, fromMs: number, toMs: number): Promise<number>;
}

export function createHarness(o: {
  stack: Stack;
  admin: Sql;
  quick: boolean;
  run: string;
  say: (line: string) => void;
  /** Agent log events counted so far, by name (the run's log tap keeps it). */
  agentEvents?: Map<string, number>;
}): ChaosHarness {
  const { stack, admin } = o;
  const espo = chaosCrm(stack);
  const green = stack.standIns.green;
  const tokens = new Map<string, Promise<string>>();
  let cronFires = 0;
  const tokenFor = (idInstance: string) => {
    if (!tokens.has(idInstance)) tokens.set(idInstance, stack.webhookTokenFor(idInstance));
    return tokens.get(idInstance)!;
  };

  /** One webhook as Green-API sends it: retried (a few times) until the Worker answers 200. */
  async function post(body: string, token: string): Promise<boolean> {
    for (let i = 0; i < 5; i++) {
      try {
        const res = await fetch(stack.urls.webhook, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body,
          signal: AbortSignal.timeout(10_000),
        });
        await res.body?.cancel();
        if (res.status === 200) return true;
      } catch {
        /* Green-API retries a webhook that got no answer */
      }
      await sleep(1000);
    }
    return false;
  }

  const h: ChaosHarness = {
    stack,
    espo,
    green,
    admin,
    quick: o.quick,
    run: o.run,
    say: o.say,
    async deliver(p, copies = 1) {
      const body = JSON.stringify(
        incomingText({
          idInstance: p.idInstance,
          chatId: p.chatId,
          text: p.text,
          idMessage: p.idMessage,
          timestamp: p.timestamp,
        }),
      );
      const token = await tokenFor(p.idInstance);
      p.sentAt = Date.now();
      const results = await Promise.all(Array.from({ length: copies }, () => post(body, token)));
      p.accepted = results.some(Boolean);
      p.acceptedCopies = results.filter(Boolean).length;
    },
    received(p) {
      green.addIncoming(p.idInstance, {
        idMessage: p.idMessage,
        chatId: p.chatId,
        senderId: p.chatId,
        timestamp: p.timestamp,
        typeMessage: 'textMessage',
        textMessage: p.text,
      });
    },
    async fireCron() {
      cronFires++;
      const res = await fetch(
        `${stack.urls.worker}/cdn-cgi/handler/scheduled?cron=${encodeURIComponent('*/10 * * * *')}`,
        {
          signal: AbortSignal.timeout(180_000),
        },
      ).catch(() => null);
      await res?.body?.cancel();
      return res?.status === 200;
    },
    cronFires: () => cronFires,
    agentEvents: (event) => o.agentEvents?.get(event) ?? 0,
    async addSenders(tenantId, chats) {
      for (const c of chats) await setSender(admin, tenantId, c, 'member');
    },
    async createLead(firstName, lastName, email) {
      const res = await fetch(`${espo.url}/api/v1/Lead`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': espo.apiKey },
        body: JSON.stringify({ firstName, lastName, emailAddress: email }),
      });
      if (!res.ok) throw new Error(`creating the lead ${email} in the CRM: HTTP ${res.status}`);
      return String(((await res.json()) as { id: string }).id);
    },
    async addTenant(id, idInstance, chatMessagesPerMinute) {
      await upsertTenant(admin, {
        id,
        name: `Chaos ${id}`,
        idInstance,
        greenApiUrl: green.url,
        crmBaseUrl: espo.url,
      });
      await setSecret(admin, stack.keyring, id, 'crm_api_key', espo.apiKey);
      await setSecret(admin, stack.keyring, id, 'greenapi_token', green.tokenFor(idInstance));
      await h.setChatRate(id, chatMessagesPerMinute);
    },
    async setChatRate(tenantId, perMinute) {
      await admin`update tenants set chat_messages_per_minute = ${perMinute} where id = ${tenantId}`;
    },
    async observe(probes) {
      const ids = probes.map((p) => p.idMessage);
      const tenants = [...new Set(probes.filter((p) => p.kind === 'memory').map((p) => p.idInstance))];
      const [rows, outbox, memory, leads, notes, tasks] = await Promise.all([
        admin<{ idMessage: string; status: string; processedAt: number | null }[]>`
          select id_message as "idMessage", status,
                 (extract(epoch from processed_at) * 1000)::float8 as "processedAt"
            from inbound_messages where id_message in ${admin(ids)}`,
        admin<{ chatId: string; body: string; status: string }[]>`
          select chat_id as "chatId", body, status from outbox
           where chat_id in ${admin([...new Set(probes.map((p) => p.chatId))])}`,
        tenants.length
          ? admin<{ value: string }[]>`
              select m.value from tenant_memory m join tenants t on t.id = m.tenant_id
               where t.green_api_instance_id in ${admin(tenants)}`
          : Promise.resolve([] as Array<{ value: string }>),
        espo.values('Lead'),
        espo.values('Note'),
        espo.values('Task'),
      ]);
      return {
        crm: { leads, notes, tasks },
        replies: green.sent().map((m) => ({
          chatId: m.chatId,
          message: m.message,
          at: Date.parse(m.at),
          quotedMessageId: m.quotedMessageId,
        })),
        memory: memory.map((m) => m.value),
        rows: [...rows],
        outbox: [...outbox],
      };
    },
    async waitSettled(probes, deadline) {
      for (;;) {
        // Settled: every message reached the database and none is still open. A final one that
        // is missing its write or reply will not get it any more (nothing retries a final row).
        const obs = await h.observe(probes);
        const t = tally(probes, obs, { faultClearedAt: 0 });
        if (t.stuck === 0 && obs.rows.length === probes.length) return true;
        if (Date.now() >= deadline) return false;
        await sleep(500);
      }
    },
    async overlapping(probes) {
      const [r] = await admin<{ n: number }[]>`
        select count(*)::int as n from inbound_messages b
         where b.id_message in ${admin(probes.map((p) => p.idMessage))}
           and exists (select 1 from inbound_messages a
                        where a.tenant_id = b.tenant_id and a.chat_id = b.chat_id and a.id <> b.id
                          and a.id_message in ${admin(probes.map((p) => p.idMessage))}
                          and (a.wa_timestamp, a.id_message) < (b.wa_timestamp, b.id_message)
                          and b.claimed_at < coalesce(a.processed_at, now()))`;
      return r?.n ?? 0;
    },
    async starts(probes) {
      const rows = await admin<{ startedAt: Date | null; receivedAt: Date; merged: boolean }[]>`
        select started_at as "startedAt", received_at as "receivedAt", merged_into is not null as merged
          from inbound_messages where id_message in ${admin(probes.map((p) => p.idMessage))}`;
      return rows.flatMap((r) =>
        r.startedAt
          ? [{ startedAt: r.startedAt.getTime(), receivedAt: r.receivedAt.getTime(), merged: r.merged }]
          : [],
      );
    },
    async inFlight(stage) {
      const [r] =
        stage === 'turn'
          ? await admin<{ n: number }[]>`
              select count(*)::int as n from inbound_messages where status = 'processing' and id_message like 'CHAOS%'`
          : await admin<{ n: number }[]>`
              select count(*)::int as n from outbox o join inbound_messages m on m.id = o.message_id
               where o.status = 'sending' and m.id_message like 'CHAOS%'`;
      return r?.n ?? 0;
    },
    async whenInFlight(stage, start, fromMs, toMs) {
      await sleep(start + fromMs - Date.now());
      for (;;) {
        const n = await h.inFlight(stage);
        if (n > 0 || Date.now() >= start + toMs) return n;
        await sleep(25);
      }
    },
  };
  return h;
}
