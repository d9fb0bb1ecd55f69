import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseCommand } from '@max/core';
import { incomingVoice, type ScriptFn } from '@max/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../pipeline/harness.ts';

const INSTANCE = '1101000001';
const MEMBER = '33600000002@c.us';

/**
 * A model that makes the calls the rules engine reads in the text, except for two attacks:
 * a note on the record id "../x", and on ".".
 */
const model: ScriptFn = (req) => {
  const text = String(req.messages.at(-1)?.content ?? '');
  if (text.includes('ORPHAN')) {
    const id = text.includes('DOT') ? '.' : '../x';
    return { toolCalls: [{ name: 'add_note', arguments: { target: { id }, text: 'pwned' } }] };
  }
  const parsed = parseCommand(text, { today: '2026-11-23', locale: 'fr' });
  return parsed.kind === 'calls'
    ? { toolCalls: parsed.calls.map((c) => ({ name: c.name, arguments: c.args })) }
    : { content: 'Pardon ?' };
};

const lastReplyIn = (h: Harness) =>
  h.green
    .sent()
    .filter((m) => m.chatId === MEMBER)
    .at(-1)?.message;

describe('through the real pipeline, rules engine (no model key)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    await h.seedTenant({ id: 'acme', idInstance: INSTANCE, crmUrl: h.espo.url, member: MEMBER });
  });
  afterAll(() => h.close());

  it('FR: "crée un lead Lucas Petit, email lucas.petit@@mail" → the reply names the e-mail and why; no lead', async () => {
    const before = h.espo.state.records('Lead').length;
    const res = await h.deliver(
      h.text(INSTANCE, MEMBER, 'crée un lead Lucas Petit, email lucas.petit@@mail'),
    );
    expect(res.status).toBe(200);
    expect(lastReplyIn(h)).toBe(
      "❌ L'adresse e-mail « lucas.petit@@mail » n'est pas valide : elle contient plusieurs « @ ». Corrigez-la et renvoyez la commande.",
    );
    expect(h.espo.state.records('Lead').length).toBe(before);
  });

  it('EN: "create a lead John Smith phone 06 12 34 56" → the reply names the number and why; no lead', async () => {
    const res = await h.deliver(h.text(INSTANCE, MEMBER, 'create a lead John Smith phone 06 12 34 56'));
    expect(res.status).toBe(200);
    expect(lastReplyIn(h)).toBe(
      '❌ The phone number "06 12 34 56" is not valid: digits are missing. Correct it and send the command again.',
    );
    expect(h.espo.state.records('Lead').some((l) => l.lastName === 'Smith')).toBe(false);
  });

  it('a valid French number is stored in E.164', async () => {
    await h.deliver(h.text(INSTANCE, MEMBER, 'crée un lead Lucas Petit, tél 06 12 34 56 78'));
    expect(h.espo.state.records('Lead').find((l) => l.lastName === 'Petit')?.phoneNumber).toBe(
      '+33612345678',
    );
  });
});

describe('through the real pipeline, model path', () => {
  let h: Harness;
  let hits = 0;
  let elsewhere: ReturnType<typeof createServer>;
  let elsewhereUrl = '';
  beforeAll(async () => {
    h = await startHarness({ model });
    await h.seedTenant({ id: 'acme', idInstance: INSTANCE, crmUrl: h.espo.url, member: MEMBER });
    elsewhere = createServer((_req, res) => {
      hits++;
      res.writeHead(200, { 'content-type': 'audio/ogg' });
      res.end('crée un lead pour Intrus Interne');
    });
    await new Promise<void>((r) => elsewhere.listen(0, '127.0.0.1', r));
    elsewhereUrl = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => elsewhere.close(r));
    await h.close();
  });

  it('the model passes an invalid e-mail to create_lead → the reply names it; no lead', async () => {
    const before = h.espo.state.records('Lead').length;
    const res = await h.deliver(
      h.text(INSTANCE, MEMBER, 'crée un lead Lucas Petit, email lucas.petit@@mail'),
    );
    expect(res.status).toBe(200);
    expect(lastReplyIn(h)).toContain(
      "L'adresse e-mail « lucas.petit@@mail » n'est pas valide : elle contient plusieurs « @ »",
    );
    expect(h.espo.state.records('Lead').length).toBe(before);
  });

  it('a model call add_note on record id "../x" or "." leaves no orphan Note', async () => {
    const before = h.espo.state.records('Note').length;
    for (const text of ['note ORPHAN', 'note ORPHAN DOT']) {
      const res = await h.deliver(h.text(INSTANCE, MEMBER, text));
      expect(res.status).toBe(200);
    }
    expect(h.espo.state.records('Note').length).toBe(before);
    // The model did make the calls; each ended as "not found" in the audit log.
    const audit = await h.db
      .admin`select result, detail->>'outcome' as outcome from max_logs where action = 'add_note'`;
    expect(audit).toEqual([
      { result: 'error', outcome: 'not_found' },
      { result: 'error', outcome: 'not_found' },
    ]);
    expect(h.espo.log.some((l) => /\/api\/v1\/Lead\/(\.|%2e|\.\.)/i.test(l.path))).toBe(false);
  });

  it('a voice note whose downloadUrl is another port on 127.0.0.1 is not fetched', async () => {
    const transcriptions = h.openai!.stats().transcriptions;
    const res = await h.deliver(
      incomingVoice({
        idInstance: INSTANCE,
        chatId: MEMBER,
        downloadUrl: `${elsewhereUrl}/v.ogg`,
        mimeType: 'audio/ogg',
      }),
    );
    expect(res.status).toBeLessThan(500);
    expect(hits).toBe(0);
    expect(h.openai!.stats().transcriptions).toBe(transcriptions);
    expect(h.espo.state.records('Lead').some((l) => l.lastName === 'Interne')).toBe(false);
  });
});
