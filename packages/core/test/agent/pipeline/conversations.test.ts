import { parseCommand, signInternal } from '@max/core';
import { incomingImage, incomingVoice, outgoingFromPhone, type ScriptFn } from '@max/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENT_SECRET, type Harness, startHarness } from './harness.ts';

const ADMIN = '33600000001@c.us';
const MEMBER = '33600000002@c.us';
const STRANGER = '33699999999@c.us';
const INSTANCE = '1101000001';
const USER = '7f1a2b3c-0000-4000-8000-000000000001';
const VIEWER = '7f1a2b3c-0000-4000-8000-000000000002';

/** A model that calls the tool a good model would (the rules engine's reading of the text). */
const model: ScriptFn = (req) => {
  const text = String(req.messages.at(-1)?.content ?? '');
  const parsed = parseCommand(text, { today: '2026-11-23', locale: 'fr' });
  return parsed.kind === 'calls'
    ? { toolCalls: parsed.calls.map((c) => ({ name: c.name, arguments: c.args })) }
    : { content: 'Pardon ?' };
};

describe('conversations as people have them', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ model });
    await h.seedTenant({
      id: 'acme',
      idInstance: INSTANCE,
      crmUrl: h.espo.url,
      admin: ADMIN,
      member: MEMBER,
    });
    await h.db
      .admin`insert into tenant_members (tenant_id, user_id, role) values ('acme', ${USER}, 'member'), ('acme', ${VIEWER}, 'viewer')`;
  });
  afterAll(() => h.close());

  const repliesTo = (chatId: string) => h.green.sent().filter((m) => m.chatId === chatId);
  const leads = (email: string) => h.espo.state.records('Lead').filter((l) => l.emailAddress === email);
  const job = async (payload: Record<string, unknown>) => {
    const body = JSON.stringify({ v: 1, requestId: crypto.randomUUID(), ...payload });
    const { handleAgentRequest } = await import('@max/core');
    return handleAgentRequest(h.deps, {
      headers: new Headers(await signInternal(AGENT_SECRET, body, new Date())),
      body,
    });
  };

  it('a voice note is transcribed through the audio API and creates a lead', async () => {
    const url = h.green.putFile(
      new TextEncoder().encode('crée un lead pour Vocal Test, email vocal@test.fr'),
      'audio/ogg; codecs=opus',
    );
    const res = await h.deliver(
      incomingVoice({
        idInstance: INSTANCE,
        chatId: ADMIN,
        downloadUrl: url,
        mimeType: 'audio/ogg; codecs=opus',
      }),
    );
    expect(res.status).toBe(200);
    expect(h.openai!.stats().transcriptions).toBe(1);
    expect(leads('vocal@test.fr')).toHaveLength(1);
    expect(repliesTo(ADMIN).at(-1)?.message).toMatch(/Lead créé : Vocal Test/);
  });

  it("a stranger's voice note is not transcribed: one polite refusal", async () => {
    const before = h.openai!.stats().transcriptions;
    const url = h.green.putFile(new TextEncoder().encode('crée un lead pour Intrus'), 'audio/ogg');
    await h.deliver(
      incomingVoice({ idInstance: INSTANCE, chatId: STRANGER, downloadUrl: url, mimeType: 'audio/ogg' }),
    );
    await h.deliver(
      incomingVoice({ idInstance: INSTANCE, chatId: STRANGER, downloadUrl: url, mimeType: 'audio/ogg' }),
    );
    expect(h.openai!.stats().transcriptions).toBe(before);
    expect(repliesTo(STRANGER)).toHaveLength(1);
    expect(repliesTo(STRANGER)[0]!.message).toMatch(/pas autorisé/);
  });

  it('a picture with a caption is handled as its caption plus a mention of the file; without one, a clear reply', async () => {
    const url = h.green.putFile(new Uint8Array([1, 2, 3]), 'image/jpeg');
    await h.deliver(
      incomingImage({
        idInstance: INSTANCE,
        chatId: MEMBER,
        downloadUrl: url,
        mimeType: 'image/jpeg',
        caption: 'crée un lead pour Photo Test, email photo@test.fr',
        fileName: 'carte.jpg',
      }),
    );
    expect(leads('photo@test.fr')).toHaveLength(1);
    const req = h.openai!.stats().lastRequest as { messages: Array<{ content: string }> };
    expect(req.messages.at(-1)!.content).toContain('carte.jpg');
    await h.deliver(
      incomingImage({ idInstance: INSTANCE, chatId: MEMBER, downloadUrl: url, mimeType: 'image/jpeg' }),
    );
    expect(repliesTo(MEMBER).at(-1)!.message).toMatch(/fichier/);
  });

  it('a human answering from the business phone pauses the bot for that chat only', async () => {
    const res = await h.deliver(
      outgoingFromPhone({ idInstance: INSTANCE, chatId: ADMIN, text: 'Je m’en occupe' }),
      'human_active',
    );
    expect(res.body).toMatchObject({ paused: true });
    const adminBefore = repliesTo(ADMIN).length;
    const memberBefore = repliesTo(MEMBER).length;
    await h.deliver(h.text(INSTANCE, ADMIN, 'derniers leads'));
    await h.deliver(h.text(INSTANCE, MEMBER, 'derniers leads'));
    expect(repliesTo(ADMIN).length).toBe(adminBefore);
    expect(repliesTo(MEMBER).length).toBe(memberBefore + 1);
    const [s] = await h.db
      .admin`select paused_until from sessions where tenant_id = 'acme' and chat_id = ${ADMIN}`;
    const minutes = (new Date(s!.paused_until as string).getTime() - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(29);
    expect(minutes).toBeLessThanOrEqual(30);
  });

  it('STOP opts the sender out, confirmed once', async () => {
    const before = repliesTo(MEMBER).length;
    await h.deliver(h.text(INSTANCE, MEMBER, 'STOP'));
    await h.deliver(h.text(INSTANCE, MEMBER, 'stop'));
    const after = repliesTo(MEMBER).slice(before);
    expect(after).toHaveLength(1);
    expect(after[0]!.message).toMatch(/ne recevrez plus/);
    const [row] = await h.db
      .admin`select opted_out from whatsapp_senders where tenant_id = 'acme' and chat_id = ${MEMBER}`;
    expect(row!.opted_out).toBe(true);
    await h.deliver(h.text(INSTANCE, MEMBER, 'START'));
    const [again] = await h.db
      .admin`select opted_out from whatsapp_senders where tenant_id = 'acme' and chat_id = ${MEMBER}`;
    expect(again!.opted_out).toBe(false);
  });

  it('the backstop finds a message whose webhook was dropped and processes it exactly once', async () => {
    h.green.addIncoming(INSTANCE, {
      chatId: MEMBER,
      senderId: MEMBER,
      typeMessage: 'textMessage',
      textMessage: 'crée un lead pour Perdu Retrouvé, email perdu@test.fr',
      idMessage: 'LOST-1',
    });
    const before = repliesTo(MEMBER).length;
    const first = await job({ kind: 'backstop', minutes: 30 });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ instances: 1, processed: 1 });
    expect(leads('perdu@test.fr')).toHaveLength(1);
    expect(repliesTo(MEMBER).length).toBe(before + 1);
    const second = await job({ kind: 'backstop', minutes: 30 });
    expect(second.body).toMatchObject({ processed: 0, duplicates: 1 });
    // The late webhook of the same message is a duplicate too.
    const late = await h.deliver(
      h.text(INSTANCE, MEMBER, 'crée un lead pour Perdu Retrouvé, email perdu@test.fr', 'LOST-1'),
    );
    expect(late.body).toMatchObject({ duplicate: true });
    expect(leads('perdu@test.fr')).toHaveLength(1);
    expect(repliesTo(MEMBER).length).toBe(before + 1);
  });

  it('a reply whose send failed is checked against what Green-API sent, then sent once: on redelivery or by the backstop', async () => {
    const before = repliesTo(MEMBER).length;
    // A 500 may hide a send: the row's outcome is unknown, never blindly re-sent.
    h.green.failNext(1, 500, { method: 'sendMessage' });
    const event = h.text(INSTANCE, MEMBER, 'trouve le lead vocal@test.fr', 'UNSENT-1');
    const res = await h.deliver(event);
    expect(res.status).toBe(503);
    expect(Number(res.headers?.['retry-after'])).toBeGreaterThan(0);
    expect(repliesTo(MEMBER).length).toBe(before);
    const row = async (id: string) =>
      (
        await h.db
          .admin`select o.status, o.attempts from outbox o join inbound_messages m on m.id = o.message_id where m.id_message = ${id}`
      )[0];
    expect(await row('UNSENT-1')).toMatchObject({ status: 'unknown', attempts: 1 });
    // The queue brings the message back: Green-API's record says it was not sent, so it is sent now.
    expect((await h.deliver(event)).status).toBe(200);
    expect(repliesTo(MEMBER).length).toBe(before + 1);
    expect(await row('UNSENT-1')).toMatchObject({ status: 'sent', attempts: 2 });
    expect((await h.deliver(event)).body).toMatchObject({ duplicate: true });
    expect(repliesTo(MEMBER).length).toBe(before + 1);

    // Without a redelivery, the backstop sends a due reply.
    h.green.failNext(1, 500, { method: 'sendMessage' });
    await h.deliver(h.text(INSTANCE, MEMBER, 'trouve le lead vocal@test.fr', 'UNSENT-2'));
    await h.db.admin`update outbox set next_attempt_at = now() - interval '1 minute' where status <> 'sent'`; // its backoff has passed
    const sweep = await job({ kind: 'backstop', minutes: 1 });
    expect(sweep.body).toMatchObject({ repliesFlushed: 1 });
    expect(repliesTo(MEMBER).length).toBe(before + 2);
    expect((await job({ kind: 'backstop', minutes: 1 })).body).toMatchObject({ repliesFlushed: 0 });
  });

  it('web chat: a non-member gets 403; a member gets the same answer as on WhatsApp; a viewer cannot write', async () => {
    const stranger = await job({
      kind: 'chat',
      userId: '7f1a2b3c-0000-4000-8000-0000000000ff',
      tenantId: 'acme',
      text: 'derniers leads',
    });
    expect(stranger.status).toBe(403);
    const otherTenant = await job({ kind: 'chat', userId: USER, tenantId: 'globex', text: 'derniers leads' });
    expect(otherTenant.status).toBe(403);
    // (the admin's chat is paused by the test above: compare with the member's WhatsApp answer)
    await h.deliver(h.text(INSTANCE, MEMBER, 'trouve le lead vocal@test.fr'));
    const whatsapp = repliesTo(MEMBER).at(-1)!.message;
    const web = await job({
      kind: 'chat',
      userId: USER,
      tenantId: 'acme',
      text: 'trouve le lead vocal@test.fr',
    });
    expect(web.status).toBe(200);
    expect(web.body.reply).toBe(whatsapp);
    const viewer = await job({
      kind: 'chat',
      userId: VIEWER,
      tenantId: 'acme',
      text: 'crée un lead pour Vue Seule, email vue@test.fr',
    });
    expect(viewer.status).toBe(200);
    expect(leads('vue@test.fr')).toHaveLength(0);
  });
});
