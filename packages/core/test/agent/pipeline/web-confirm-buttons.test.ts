import { handleAgentRequest, signInternal } from '@max/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AGENT_SECRET, type Harness, startHarness } from './harness.ts';

/**
 * The web chat's confirmation buttons: each answer names the pending action it was shown for, so a
 * button never answers another action (a newer one, another person's, one already answered), and
 * the replies name the CRM records they are about, for the console to link.
 */
const ADMIN = '4b6f0e1a-0000-4000-8000-0000000000a1';
const OTHER_ADMIN = '4b6f0e1a-0000-4000-8000-0000000000a2';

interface ChatBody {
  reply: string;
  records: Array<{ entity: string; id: string; name: string | null }>;
  confirmation: { ref: string; tool: string; expiresAt: string } | null;
}

describe('web chat: confirmation buttons bound to their action, records named', () => {
  let h: Harness;
  let n = 0;
  beforeAll(async () => {
    h = await startHarness();
    await h.seedTenant({ id: 'acme', idInstance: '1101000071', crmUrl: h.espo.url });
    await h.db.admin`insert into tenant_members (tenant_id, user_id, role)
                     values ('acme', ${ADMIN}, 'admin'), ('acme', ${OTHER_ADMIN}, 'admin')`;
  });
  afterAll(() => h.close());
  beforeEach(async () => {
    await h.db.admin`delete from tenant_memory where tenant_id = 'acme'`;
  });

  const chat = async (userId: string, text: string, confirm?: { ref: string; yes: boolean }) => {
    const body = JSON.stringify({
      v: 1,
      kind: 'chat',
      requestId: `web-${++n}`,
      userId,
      tenantId: 'acme',
      text,
      ...(confirm ? { confirm } : {}),
    });
    const res = await handleAgentRequest(h.deps, {
      headers: new Headers(await signInternal(AGENT_SECRET, body, new Date())),
      body,
    });
    expect(res.status).toBe(200);
    return res.body as unknown as ChatBody;
  };
  const memoryKeys = async () =>
    (await h.db.admin`select key from tenant_memory where tenant_id = 'acme' order by key`).map((r) => r.key);

  it('a created lead is named with its entity and id, as the reply shows it', async () => {
    const r = await chat(ADMIN, 'crée un lead Marie Curie, email marie@curie.fr');
    const lead = h.espo.state.records('Lead').find((l) => l.emailAddress === 'marie@curie.fr')!;
    expect(r.records).toEqual([{ entity: 'Lead', id: lead.id, name: 'Marie Curie' }]);
    expect(r.reply).toContain(`[${lead.id}]`);
    expect(r.confirmation).toBeNull();
  });

  it('a risky action comes with a button reference; the button runs exactly that action', async () => {
    await chat(ADMIN, 'retiens que nous sommes une boulangerie');
    await chat(ADMIN, "retiens que l'objectif est 20 leads par mois");
    expect(await memoryKeys()).toHaveLength(2);
    const asked = await chat(ADMIN, 'oublie tout');
    expect(asked.confirmation).toMatchObject({
      ref: expect.stringMatching(/^[0-9a-f]{16}$/),
      tool: 'forget_all',
    });
    expect(Date.parse(asked.confirmation!.expiresAt)).toBeGreaterThan(Date.now());
    const done = await chat(ADMIN, 'oui', { ref: asked.confirmation!.ref, yes: true });
    expect(done.confirmation).toBeNull();
    expect(await memoryKeys()).toEqual([]);
    // The same button again: the action was answered, nothing runs twice.
    const again = await chat(ADMIN, 'oui', { ref: asked.confirmation!.ref, yes: true });
    expect(again.reply).toMatch(/rien à confirmer/);
  });

  it('an old button never answers the newer action waiting, and leaves it waiting', async () => {
    const ids: string[] = [];
    for (const who of ['Ada Lovelace', 'Ada Byron', 'Ada King']) {
      const r = await chat(ADMIN, `crée un lead ${who}, email ${who.split(' ')[1]!.toLowerCase()}@ada.org`);
      ids.push(r.records[0]!.id);
    }
    const [keep, first, second] = ids as [string, string, string];
    const one = await chat(ADMIN, `fusionne ${first} dans ${keep}`);
    const two = await chat(ADMIN, `fusionne ${second} dans ${keep}`);
    expect(two.confirmation!.ref).not.toBe(one.confirmation!.ref);
    const stale = await chat(ADMIN, 'oui', { ref: one.confirmation!.ref, yes: true });
    expect(stale.reply).toMatch(/rien à confirmer/);
    const leads = () => h.espo.state.records('Lead').map((l) => l.id);
    expect(leads()).toEqual(expect.arrayContaining(ids));
    // The newer action still waits for its own button, and runs exactly what it said.
    const ok = await chat(ADMIN, 'oui', { ref: two.confirmation!.ref, yes: true });
    expect(ok.reply).not.toMatch(/rien à confirmer/);
    // The merge's answer names the record kept, for the console to link.
    expect(ok.records.map((r) => r.id)).toContain(keep);
    expect(leads()).not.toContain(second);
    expect(leads()).toEqual(expect.arrayContaining([keep, first]));
  });

  it("another person's button, even with the right reference, does not answer an admin's action", async () => {
    await chat(ADMIN, 'retiens que nous vendons du pain');
    const asked = await chat(ADMIN, 'oublie tout');
    const theirs = await chat(OTHER_ADMIN, 'oui', { ref: asked.confirmation!.ref, yes: true });
    expect(theirs.reply).toMatch(/rien à confirmer/);
    expect(await memoryKeys()).toHaveLength(1);
    const cancelled = await chat(ADMIN, 'non', { ref: asked.confirmation!.ref, yes: false });
    expect(cancelled.reply).toMatch(/annul/i);
    expect(await memoryKeys()).toHaveLength(1);
  });
});
