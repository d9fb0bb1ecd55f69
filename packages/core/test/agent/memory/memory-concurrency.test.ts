import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../pipeline/harness.ts';

/**
 * Admins of one business teaching MAX at the same moment, through the real pipeline and database:
 * every fact is kept, and each reply names the key that really holds that admin's fact.
 */
const INSTANCE = '1101000001';
const ADMINS = ['33600000011@c.us', '33600000012@c.us', '33600000013@c.us', '33600000014@c.us'];

describe('concurrent memory writes never lose each other', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    await h.seedTenant({ id: 'acme', idInstance: INSTANCE, crmUrl: h.espo.url, admin: ADMINS[0] });
    for (const a of ADMINS.slice(1))
      await h.db
        .admin`insert into whatsapp_senders (tenant_id, chat_id, role) values ('acme', ${a}, 'admin')`;
  });
  afterAll(() => h.close());

  const memory = async () =>
    Object.fromEntries(
      (await h.db.admin`select key, value from tenant_memory where tenant_id = 'acme'`).map((r) => [
        r.key as string,
        r.value as string,
      ]),
    );
  const lastReply = (chatId: string) =>
    h.green
      .sent()
      .filter((m) => m.chatId === chatId)
      .at(-1)?.message ?? '';
  /** Everyone at once, each redelivered as the queue would until it is final. */
  const together = (texts: string[]) =>
    Promise.all(texts.map((t, i) => h.deliverUntilSettled(h.text(INSTANCE, ADMINS[i]!, t))));

  it('three admins say "retiens que notre objectif est …" at the same moment: three goals, each reply names its own', async () => {
    const goals = ['signer dix clients ce mois', 'ouvrir une agence à Lyon', 'recruter deux commerciaux'];
    const runs = await together(goals.map((g) => `retiens que notre objectif est de ${g}`));
    expect(runs.map((r) => r.responses.at(-1)!.status)).toEqual([200, 200, 200]);
    const stored = await memory();
    const goalKeys = Object.keys(stored).filter((k) => k.startsWith('goal.'));
    expect(goalKeys.sort()).toEqual(['goal.1', 'goal.2', 'goal.3']);
    expect(goalKeys.map((k) => stored[k]).sort()).toEqual([...goals].sort());
    for (const [i, g] of goals.entries()) {
      const reply = lastReply(ADMINS[i]!);
      const n = /Objectif (\d+) : /.exec(reply)?.[1];
      expect(n, reply).toBeDefined();
      // The number the reply gives is the entry that holds this admin's goal.
      expect(stored[`goal.${n}`]).toBe(g);
    }
  });

  it('two admins replace the same profile field at once: each reply names the value it really replaced', async () => {
    await h.deliverUntilSettled(
      h.text(INSTANCE, ADMINS[0]!, 'retiens que nous sommes une boulangerie à Lyon'),
    );
    const bakery = (await memory())['profile.sector'];
    await together([
      'retiens que nous sommes une agence immobilière à Lyon',
      'retiens que nous sommes un cabinet comptable à Lyon',
    ]);
    const said = [0, 1].map((i) => {
      const reply = lastReply(ADMINS[i]!);
      return {
        value: /Secteur : (.+)$/m.exec(reply)?.[1],
        replaced: /\(remplace : (.+)\)$/m.exec(reply)?.[1],
      };
    });
    const stored = (await memory())['profile.sector'];
    // In the order the commits happened: the first replaced the bakery, the last one replaced the
    // first, and the last one's value is what is stored.
    const last = said.findIndex((s) => s.value === stored);
    expect(last).toBeGreaterThanOrEqual(0);
    const first = 1 - last;
    expect(said[first]!.replaced).toBe(bakery);
    expect(said[last]!.replaced).toBe(said[first]!.value);
  });

  it('one admin forgets goal 2 while another adds a goal: the new goal takes a number nobody holds, nothing else is lost', async () => {
    const before = await memory();
    await together(["oublie l'objectif 2", 'retiens que notre objectif est de doubler le panier moyen']);
    const stored = await memory();
    expect(stored['goal.2']).toBeUndefined();
    expect(stored['goal.1']).toBe(before['goal.1']);
    expect(stored['goal.3']).toBe(before['goal.3']);
    const reply = lastReply(ADMINS[1]!);
    const n = /Objectif (\d+) : /.exec(reply)?.[1];
    expect(stored[`goal.${n}`]).toBe('doubler le panier moyen');
  });
});
