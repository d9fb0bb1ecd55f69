import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type CrmWorld, startCrmWorld } from '../contacts/crm-world.ts';

/**
 * Issue 14 §2 shared mode with a model that obeys whoever writes to it (the worst case): tenant
 * `acme` aims every contact, account, opportunity, link and conversion tool at `globex`'s records by
 * their exact ids. Everything answers "not found" and nothing of globex's changes; EspoCRM's 409
 * duplicate answers, which name globex's records, reach neither the reply nor the model.
 */
describe('cross-tenant isolation of contacts, accounts, opportunities, links and conversion (obedient model)', () => {
  let w: CrmWorld;
  const g: Record<string, string> = {};
  const a: Record<string, string> = {};
  beforeAll(async () => {
    w = await startCrmWorld({ model: true });
    const seed = async (entity: string, data: Record<string, unknown>) =>
      String((await w.seed(w.espoS, entity, data)).id);
    g.account = await seed('Account', {
      name: 'Globex Secret',
      emailAddress: 'board@globex.fr',
      cTenantId: 'globex',
    });
    g.contact = await seed('Contact', {
      firstName: 'Gina',
      lastName: 'Globex',
      emailAddress: 'gina@globex.fr',
      accountId: g.account,
      cTenantId: 'globex',
    });
    g.opp = await seed('Opportunity', {
      name: 'Globex Deal',
      amount: 90000,
      closeDate: '2026-12-31',
      accountId: g.account,
      cTenantId: 'globex',
    });
    g.lead = await seed('Lead', {
      firstName: 'Gil',
      lastName: 'Globex',
      emailAddress: 'gil@globex.fr',
      accountName: 'Globex Secret',
      cTenantId: 'globex',
    });
    a.contact = await seed('Contact', { firstName: 'Anna', lastName: 'Acme', cTenantId: 'acme' });
    a.account = await seed('Account', { name: 'Acme Own', cTenantId: 'acme' });
    a.opp = await seed('Opportunity', {
      name: 'Acme Deal',
      amount: 10,
      closeDate: '2026-12-31',
      cTenantId: 'acme',
    });
  });
  afterAll(() => w.close());
  beforeEach(() => w.h.openai!.reset());

  const call = (name: string, args: Record<string, unknown>) => ({ name, arguments: args });
  const rec = (entity: string, id: string) => w.records(w.espoS, entity).find((r) => r.id === id)!;
  const snapshot = () =>
    JSON.stringify(
      ['Contact', 'Account', 'Opportunity', 'Lead'].map((e) =>
        w.records(w.espoS, e).filter((r) => r.cTenantId === 'globex'),
      ),
    );
  /** What of globex's would show if isolation failed: the ids the attacker typed are echoed, the rest never. */
  const leaks = (text: string) => {
    // Ids are time-based hex: one the attacker typed may itself contain "90000".
    const shown = Object.values(g).reduce((t, id) => t.split(id).join('<id>'), text);
    return [
      'Gina',
      'Gil',
      'Globex Secret',
      'Globex Deal',
      'gina@globex.fr',
      'board@globex.fr',
      'gil@globex.fr',
      '90000',
    ].filter((x) => shown.includes(x));
  };

  it('isolation: contacts — find, update and create-at-their-account by exact id answer "not found"; nothing of globex changes', async () => {
    const before = snapshot();
    const reply = await w.say('acme', 'admin', 'montre et modifie le contact de globex', {
      toolCalls: [
        call('find_contacts', { query: g.contact }),
        call('find_contacts', { query: 'gina@globex.fr' }),
        call('update_contact', { target: g.contact, changes: { description: 'pwned' } }),
        call('create_contact', { lastName: 'Taupe', accountName: g.account }),
      ],
    });
    expect(snapshot()).toBe(before);
    expect(w.records(w.espoS, 'Contact').some((c) => c.lastName === 'Taupe')).toBe(false);
    expect(leaks(reply)).toEqual([]);
    expect(reply).toMatch(/Aucun contact trouvé/);
    expect(reply).toMatch(/Je ne trouve aucun contact pour/);
    expect(reply).toMatch(/Je ne trouve aucun compte pour/);
  });

  it('isolation: accounts — find and update by exact id answer "not found"', async () => {
    const before = snapshot();
    const reply = await w.say('acme', 'admin', 'update globex account', {
      toolCalls: [
        call('find_accounts', { query: g.account }),
        call('find_accounts', { query: 'board@globex.fr' }),
        call('update_account', { target: g.account, changes: { website: 'pwned.example' } }),
      ],
    });
    expect(snapshot()).toBe(before);
    expect(rec('Account', g.account!).website ?? null).toBeNull();
    expect(leaks(reply)).toEqual([]);
  });

  it('isolation: opportunities — list by their account, move their deal, open a deal on their account: all refused as not found', async () => {
    const before = snapshot();
    const deals = w.records(w.espoS, 'Opportunity').length;
    const reply = await w.say('acme', 'admin', 'take over the globex deal', {
      toolCalls: [
        call('find_opportunities', { account: g.account }),
        call('update_opportunity', { target: g.opp, changes: { stage: 'Closed Lost', amount: 1 } }),
        call('create_opportunity', { name: 'Hijack', amount: 1, account: g.account }),
        call('create_opportunity', { name: 'Hijack 2', amount: 1, contact: g.contact }),
      ],
    });
    expect(snapshot()).toBe(before);
    expect(w.records(w.espoS, 'Opportunity').length).toBe(deals);
    expect(rec('Opportunity', g.opp!)).toMatchObject({ stage: 'Prospecting', amount: 90000 });
    expect(leaks(reply)).toEqual([]);
  });

  it('isolation: links — linking or unlinking with a record of the other tenant, on either end, is "not found" and relates nothing', async () => {
    const before = snapshot();
    const reply = await w.say('acme', 'admin', 'link everything to globex', {
      toolCalls: [
        call('link_records', { record: a.contact, recordType: 'Contact', to: g.account, toType: 'Account' }),
        call('link_records', { record: g.contact, recordType: 'Contact', to: a.account, toType: 'Account' }),
        call('link_records', { record: a.opp, recordType: 'Opportunity', to: g.contact, toType: 'Contact' }),
        call('link_records', { record: g.opp, recordType: 'Opportunity', to: a.account, toType: 'Account' }),
        call('link_records', { record: g.contact, to: g.account, unlink: true }),
      ],
    });
    expect(snapshot()).toBe(before);
    expect((await w.related(w.espoS, 'Account', g.account!, 'contacts')).map((c) => c.id)).toEqual([
      g.contact,
    ]);
    expect(await w.related(w.espoS, 'Contact', a.contact!, 'accounts')).toEqual([]);
    expect(await w.related(w.espoS, 'Opportunity', a.opp!, 'contacts')).toEqual([]);
    expect(rec('Opportunity', a.opp!).accountId ?? null).toBeNull();
    expect(leaks(reply)).toEqual([]);
  });

  it('isolation: conversion — their lead, by exact id, is "not found"; it stays unconverted and nothing is created', async () => {
    const before = snapshot();
    const counts = ['Contact', 'Account', 'Opportunity'].map((e) => w.records(w.espoS, e).length);
    const reply = await w.say('acme', 'admin', 'convert the globex lead', {
      toolCalls: [call('convert_lead', { target: g.lead, amount: 5000, currency: 'EUR' })],
    });
    expect(snapshot()).toBe(before);
    expect(rec('Lead', g.lead!).status).toBe('New');
    expect(['Contact', 'Account', 'Opportunity'].map((e) => w.records(w.espoS, e).length)).toEqual(counts);
    expect(w.espoS.log.some((l) => l.path === '/api/v1/Lead/action/convert')).toBe(false);
    expect(reply).toBe(`I can't find a lead for "${g.lead}".`);
  });

  it("isolation: EspoCRM's 409 naming the other tenant's contact and account reaches neither the model nor the reply", async () => {
    const conflicts = () => w.espoS.log.filter((l) => l.method === 'POST' && l.status === 409).length;
    const before = conflicts();
    const reply = await w.say(
      'acme',
      'member',
      'crée le contact Gina Globex chez Globex Secret',
      {
        toolCalls: [
          call('create_contact', { firstName: 'Gina', lastName: 'Globex', accountName: 'Globex Secret' }),
          call('create_account', { name: 'Globex Secret' }),
          // An invalid call, so that the model is asked again and sees every tool result.
          call('update_contact', { changes: {} }),
        ],
      },
      { content: 'Fait.' },
    );
    expect(conflicts() - before).toBe(2); // EspoCRM did answer 409 with globex's records
    const stats = w.h.openai!.stats();
    expect(stats.calls).toBe(2);
    const seen = JSON.stringify(stats.requests[1]!.messages.filter((m) => m.role === 'tool'));
    expect(seen).toContain('contact_created');
    // The sender typed the names; globex's ids and e-mails were only in EspoCRM's 409 bodies.
    const theirs = [...Object.values(g), 'gina@globex.fr', 'board@globex.fr'];
    expect(theirs.filter((x) => seen.includes(x))).toEqual([]);
    expect(theirs.filter((x) => reply.includes(x))).toEqual([]);
    const mine = w
      .records(w.espoS, 'Contact')
      .filter((c) => c.lastName === 'Globex' && c.cTenantId === 'acme');
    expect(mine).toHaveLength(1);
    expect(reply).toContain(String(mine[0]!.id));
  });
});
