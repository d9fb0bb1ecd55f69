import { incomingText } from '@max/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './harness.ts';

/**
 * Messages of one chat that reach the agent in reverse order, through the real pipeline and
 * database: a backlog (Green-API redelivering after an outage: WhatsApp times well in the past),
 * and a queue batch whose messages the Worker forwarded at once (it names the earlier ones).
 */
const INSTANCE = '1101000001';
const now = () => Math.floor(Date.now() / 1000);

describe('order per chat under reverse arrival', () => {
  let h: Harness;
  let chatNo = 10;
  const newChat = async () => {
    const chat = `336000000${chatNo++}@c.us`;
    await h.db
      .admin`insert into whatsapp_senders (tenant_id, chat_id, role) values ('acme', ${chat}, 'member')`;
    return chat;
  };
  beforeAll(async () => {
    h = await startHarness();
    await h.seedTenant({ id: 'acme', idInstance: INSTANCE, crmUrl: h.espo.url, chatMessagesPerMinute: 600 });
    h.deps.reorderWindowMs = 2000; // the agent's default (REORDER_WINDOW_MS)
    // Warm: the tenant's clients are built and the CRM logged in by a first message.
    const warm = await newChat();
    await h.deliver(
      incomingText({ idInstance: INSTANCE, chatId: warm, text: 'derniers leads', timestamp: now() }),
    );
  });
  afterAll(() => h.close());

  const lead = (chat: string, name: string, ts: number, id: string) =>
    incomingText({
      idInstance: INSTANCE,
      chatId: chat,
      text: `crée un lead pour ${name}, email ${name.toLowerCase().replace(' ', '.')}@ordre.test`,
      idMessage: id,
      timestamp: ts,
    });
  const created = (chat: string) =>
    h.green
      .sent()
      .filter((m) => m.chatId === chat)
      .flatMap((m) => [...m.message.matchAll(/Lead créé : (\w+ \w+)/g)].map((x) => x[1]));
  const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it('five messages 4 s apart in WhatsApp time, a backlog delivered in reverse, the last one well ahead of the others, are answered in WhatsApp order', async () => {
    const chat = await newChat();
    const names = ['Ana Un', 'Ben Deux', 'Cyd Trois', 'Dan Quatre', 'Eva Cinq'];
    const t0 = now() - 40; // Green-API's backlog after an outage: sent 40 to 24 s ago
    // The last one reaches MAX first, more than the settle time ahead of the others (which then
    // come within 80 ms): only the backlog's reorder window can keep it from running first.
    const runs: Array<Promise<unknown>> = [h.deliverUntilSettled(lead(chat, names[4]!, t0 + 16, 'REV-4'))];
    await pause(1000);
    for (let i = 3; i >= 0; i--) {
      runs.push(h.deliverUntilSettled(lead(chat, names[i]!, t0 + 4 * i, `REV-${i}`)));
      await pause(20);
    }
    await Promise.all(runs);
    expect(created(chat)).toEqual(names);
  });

  it('a queue batch forwarded at once: a live message that overtakes the earlier one it names waits for it', async () => {
    const chat = await newChat();
    const t = now();
    // The Worker forwarded both at once; the later one got there first, naming the earlier one.
    const second = h.deliverUntilSettled(lead(chat, 'Zed Second', t + 1, 'BATCH-2'), 30, {
      awaits: ['BATCH-1'],
    });
    await pause(1000);
    await Promise.all([h.deliverUntilSettled(lead(chat, 'Amy First', t, 'BATCH-1')), second]);
    expect(created(chat)).toEqual(['Amy First', 'Zed Second']);
  });

  it('an earlier message named by the batch that never arrives holds the later one at most the window', async () => {
    const chat = await newChat();
    h.deps.reorderWindowMs = 600;
    const r = await h.deliverUntilSettled(lead(chat, 'Max Alone', now(), 'BATCH-ALONE'), 30, {
      awaits: ['NEVER-ARRIVES'],
    });
    h.deps.reorderWindowMs = 2000;
    expect(r.responses.at(-1)!.status).toBe(200);
    expect(created(chat)).toEqual(['Max Alone']);
  });
});
