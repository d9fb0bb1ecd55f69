import { type EspoStandIn, startEspoStandIn } from '@max/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client } from '../../crm/helpers.ts';
import { type Harness, startHarness } from '../pipeline/harness.ts';
import { seedSharedTenants } from '../pipeline/shared-tenants.ts';

/**
 * Issue 14 §3: the data-quality report through the real pipeline with the rules engine: per entity,
 * how many records lack an important field (with a few examples and their ids), and the custom fields
 * no record uses; bounded, and in shared mode computed on the tenant's own records only.
 */
const DEDICATED = '1101001421';
const SHARED_A = '1101001422';
const SHARED_B = '1101001423';
const ADMIN = '33600001421@c.us';
const MEMBER = '33600001422@c.us';

describe('data quality report (rules engine)', () => {
  let h: Harness;
  let own: EspoStandIn;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    h = await startHarness();
    own = await startEspoStandIn({ port: 0 });
    await h.seedTenant({ id: 'acme', idInstance: DEDICATED, crmUrl: own.url, admin: ADMIN, member: MEMBER });
    await seedSharedTenants(
      h,
      [
        { id: 'sa', instance: SHARED_A, member: MEMBER },
        { id: 'sb', instance: SHARED_B, member: MEMBER },
      ],
      { tenantField: ['Lead', 'Contact', 'Account', 'Opportunity'] },
    );
    const crm = client(own).crm;
    await crm.createField('Lead', { name: 'budget', type: 'varchar', label: 'Budget' });
    await crm.createField('Lead', { name: 'rating', type: 'enum', label: 'Note', options: ['', 'A', 'B'] });
    await crm.createField('Contact', { name: 'vip', type: 'bool', label: 'VIP' });
    await crm.createField('Account', { name: 'tags', type: 'multiEnum', label: 'Tags', options: ['x', 'y'] });
    const add = async (key: string, entity: string, data: Record<string, unknown>) => {
      ids[key] = (await crm.create(entity, data, { skipDuplicateCheck: true })).record.id;
    };
    await add('full', 'Lead', {
      lastName: 'Complet',
      emailAddress: 'complet@x.fr',
      phoneNumber: '+33611111111',
      source: 'Web Site',
      cBudget: '5000',
    });
    await add('bare', 'Lead', { firstName: 'Nina', lastName: 'Vide' });
    await add('mailOnly', 'Lead', { lastName: 'Mail', emailAddress: 'mail@x.fr' });
    await add('phoneOnly', 'Lead', { lastName: 'Phone', phoneNumber: '+33622222222' });
    await add('account', 'Account', { name: 'Acme SA' });
    await add('linked', 'Contact', { lastName: 'Lié', emailAddress: 'lie@x.fr', accountId: ids.account });
    await add('orphan', 'Contact', { firstName: 'Olga', lastName: 'Seule' });
    await add('deal', 'Opportunity', {
      name: 'Deal A',
      amount: 1000,
      closeDate: '2026-12-31',
      accountId: ids.account,
    });
    await add('lonely', 'Opportunity', { name: 'Deal B', amount: 500, closeDate: '2026-12-31' });
  });
  afterAll(async () => {
    await own?.stop();
    await h?.close();
  });

  const say = (instance: string, chatId: string, text: string) => h.deliver(h.text(instance, chatId, text));
  const lastReply = (chatId: string) =>
    h.green
      .sent()
      .filter((m) => m.chatId === chatId)
      .at(-1)?.message ?? '';

  it('FR, member: « rapport qualité » counts what each entity lacks, with examples and ids, and names the custom fields no record uses', async () => {
    await say(DEDICATED, MEMBER, 'rapport qualité');
    expect(lastReply(MEMBER)).toBe(
      [
        '🩺 Qualité des données :',
        'Leads (4) :',
        `• sans e-mail ni téléphone : 1 — ex. Nina Vide [${ids.bare}]`,
        `• sans e-mail : 2 — ex. Phone [${ids.phoneOnly}], Nina Vide [${ids.bare}]`,
        `• sans téléphone : 2 — ex. Mail [${ids.mailOnly}], Nina Vide [${ids.bare}]`,
        `• sans source : 3 — ex. Phone [${ids.phoneOnly}], Mail [${ids.mailOnly}], Nina Vide [${ids.bare}]`,
        'Contacts (2) :',
        `• sans e-mail ni téléphone : 1 — ex. Olga Seule [${ids.orphan}]`,
        `• sans compte : 1 — ex. Olga Seule [${ids.orphan}]`,
        'Comptes (1) :',
        `• sans e-mail ni téléphone : 1 — ex. Acme SA [${ids.account}]`,
        'Opportunités (2) :',
        `• sans compte : 1 — ex. Deal B [${ids.lonely}]`,
        '🧹 Champs personnalisés jamais remplis : Lead.cRating, Contact.cVip, Account.cTags',
      ].join('\n'),
    );
  });

  it('EN, admin: "check the data quality of leads" → the leads only; filling a field takes it off the unused list', async () => {
    await client(own).crm.update('Lead', ids.bare!, { cRating: 'A' });
    await say(DEDICATED, ADMIN, 'check the data quality of leads');
    const reply = lastReply(ADMIN);
    expect(reply.split('\n').slice(0, 3)).toEqual([
      '🩺 Data quality:',
      'Leads (4):',
      `• without e-mail or phone: 1 — ex. Nina Vide [${ids.bare}]`,
    ]);
    expect(reply).not.toMatch(/Contacts|Opportunities|Accounts/);
    expect(reply.split('\n').at(-1)).toBe('✅ All 2 custom fields are in use.');
  });

  it('shared mode: counts and examples come from the tenant’s own records only', async () => {
    const a = client(h.espo, { tenant: { field: 'cTenantId', value: 'sa' } }).crm;
    const b = client(h.espo, { tenant: { field: 'cTenantId', value: 'sb' } }).crm;
    const mine = (await a.create('Lead', { lastName: 'Mienne' })).record.id;
    const theirs: string[] = [];
    for (const n of ['Une', 'Deux', 'Trois'])
      theirs.push((await b.create('Lead', { lastName: n })).record.id);
    await say(SHARED_A, MEMBER, 'qualité des leads');
    const reply = lastReply(MEMBER);
    expect(reply).toContain(`Leads (1) :\n• sans e-mail ni téléphone : 1 — ex. Mienne [${mine}]`);
    for (const id of theirs) expect(reply).not.toContain(id);
    await say(SHARED_B, MEMBER, 'qualité des leads');
    expect(lastReply(MEMBER)).toContain('Leads (3) :\n• sans e-mail ni téléphone : 3');
  });
});
