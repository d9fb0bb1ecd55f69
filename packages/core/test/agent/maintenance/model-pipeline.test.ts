import { type EspoStandIn, startEspoStandIn } from '@max/sandbox';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { client } from '../../crm/helpers.ts';
import { type Harness, startHarness } from '../pipeline/harness.ts';
import { call, ScriptedModel, type Step } from '../pipeline/scripted-model.ts';

/**
 * Issue 14 §3 with a model that does exactly what it is told (the worst case): the maintenance tools
 * are offered only to messages about maintenance, merge only to admins, and whatever ids the model
 * passes, a tenant can neither see nor merge another tenant's records.
 */
const scripted = new ScriptedModel();

const DEDICATED = '1101001441';
const SHARED_A = '1101001442';
const SHARED_B = '1101001443';
const ADMIN = '33600001441@c.us';
const MEMBER = '33600001442@c.us';
const TENANT_FIELD = { type: 'varchar', maxLength: 64, isCustom: true };

describe('maintenance with a model', () => {
  let h: Harness;
  let own: EspoStandIn;
  beforeAll(async () => {
    h = await startHarness({ model: scripted.model });
    own = await startEspoStandIn({ port: 0 });
    for (const e of ['Lead', 'Contact']) h.espo.addField(e, 'cTenantId', TENANT_FIELD);
    await h.seedTenant({ id: 'acme', idInstance: DEDICATED, crmUrl: own.url, admin: ADMIN, member: MEMBER });
    await h.seedTenant({ id: 'sa', idInstance: SHARED_A, crmUrl: h.espo.url, mode: 'shared', admin: ADMIN });
    await h.seedTenant({ id: 'sb', idInstance: SHARED_B, crmUrl: h.espo.url, mode: 'shared', admin: ADMIN });
  });
  afterAll(async () => {
    await own?.stop();
    await h?.close();
  });
  beforeEach(() => {
    scripted.next.length = 0;
    h.openai!.reset();
  });

  const say = (instance: string, chatId: string, text: string, step?: Step) => {
    if (step) scripted.next.push(step);
    return h.deliver(h.text(instance, chatId, text));
  };
  const lastReply = (chatId: string) =>
    h.green
      .sent()
      .filter((m) => m.chatId === chatId)
      .at(-1)?.message ?? '';
  const offered = () =>
    ((h.openai!.stats().lastRequest as { tools?: Array<{ function: { name: string } }> }).tools ?? []).map(
      (t) => t.function.name,
    );
  const shared = (tenant: string) => client(h.espo, { tenant: { field: 'cTenantId', value: tenant } }).crm;
  const lead = async (tenant: string, data: Record<string, unknown>) =>
    (await shared(tenant).create('Lead', data, { skipDuplicateCheck: true })).record.id;
  const alive = (id: string) => h.espo.state.records('Lead').some((r) => r.id === id);

  it('the maintenance tools are offered to maintenance messages only; merge to admins only', async () => {
    await say(DEDICATED, MEMBER, 'crée un lead Marie Dupont', { content: 'OK' });
    expect(offered()).not.toContain('find_duplicates');
    await say(DEDICATED, MEMBER, 'cherche les doublons', { content: 'OK' });
    expect(offered()).toEqual(expect.arrayContaining(['find_duplicates', 'data_quality_report']));
    expect(offered()).not.toContain('merge_records');
    await say(DEDICATED, ADMIN, 'fusionne les doublons', { content: 'OK' });
    expect(offered()).toEqual(
      expect.arrayContaining(['find_duplicates', 'merge_records', 'data_quality_report']),
    );
  });

  it('a member whose model calls merge_records anyway is refused; nothing is asked or merged', async () => {
    const a = (await client(own).crm.create('Lead', { lastName: 'Alpha' })).record.id;
    const b = (await client(own).crm.create('Lead', { lastName: 'Alpha', firstName: 'A' })).record.id;
    await say(DEDICATED, MEMBER, 'fusionne', call('merge_records', { targetId: a, sourceIds: [b] }));
    expect(lastReply(MEMBER)).toBe('Désolé, cette action est réservée aux administrateurs.');
    await say(DEDICATED, MEMBER, 'oui');
    expect(own.state.records('Lead').some((r) => r.id === b)).toBe(true);
  });

  it('shared mode: an obedient model passing another tenant’s id (source or target) gets "not found" at once, nothing waits for a yes, nothing is merged', async () => {
    const mine = await lead('sa', { firstName: 'Iris', lastName: 'Mine', emailAddress: 'iris@a.fr' });
    const theirs = await lead('sb', { firstName: 'Iris', lastName: 'Mine', emailAddress: 'iris@a.fr' });
    await say(
      SHARED_A,
      ADMIN,
      'fusionne les doublons d’Iris',
      call('merge_records', { targetId: mine, sourceIds: [theirs] }),
    );
    expect(lastReply(ADMIN)).toBe(`Je ne trouve aucun lead pour « ${theirs} ».`);
    await say(SHARED_A, ADMIN, 'oui');
    expect(lastReply(ADMIN)).toMatch(/rien à confirmer/);
    await say(
      SHARED_A,
      ADMIN,
      'fusionne les doublons',
      call('merge_records', { entity: 'Contact', targetId: theirs, sourceIds: [mine] }),
    );
    expect(lastReply(ADMIN)).toBe(`Je ne trouve aucun contact pour « ${theirs} ».`);
    await say(SHARED_A, ADMIN, 'oui');
    expect(lastReply(ADMIN)).toMatch(/rien à confirmer/);
    expect(alive(mine)).toBe(true);
    expect(alive(theirs)).toBe(true);
    expect(h.espo.log.filter((l) => l.path === '/api/v1/Action')).toHaveLength(0);
  });

  it('shared mode: find_duplicates and data_quality_report by the model see the tenant’s records only', async () => {
    const a1 = await lead('sa', { firstName: 'Hugo', lastName: 'Double', emailAddress: 'hugo@a.fr' });
    const a2 = await lead('sa', { firstName: 'Hugo', lastName: 'Doublé', emailAddress: 'hugo@a.fr' });
    const b1 = await lead('sb', { firstName: 'Hugo', lastName: 'Double', emailAddress: 'hugo@a.fr' });
    await say(SHARED_A, ADMIN, 'des doublons ?', call('find_duplicates', { entity: 'Lead' }));
    const reply = lastReply(ADMIN);
    expect(reply).toContain(`→ pour fusionner : « fusionne ${a2} dans ${a1} »`);
    expect(reply).not.toContain(b1);
    await say(SHARED_A, ADMIN, 'qualité des leads ?', call('data_quality_report', { entity: 'Lead' }));
    expect(lastReply(ADMIN)).not.toContain(b1);
    // Nor does the conversation the model is sent (the history of this chat included).
    expect(JSON.stringify(h.openai!.stats().lastRequest)).not.toContain(b1);
  });
});
