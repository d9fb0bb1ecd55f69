import { type EspoStandIn, startEspoStandIn } from '@max/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client } from '../../crm/helpers.ts';
import { type Harness, startHarness } from '../pipeline/harness.ts';
import { seedSharedTenants } from '../pipeline/shared-tenants.ts';

/**
 * Issue 14 §3: "cherche les doublons" through the real pipeline with the rules engine: groups of likely
 * duplicates (same e-mail, same phone, close names within one account) shown with their ids and the
 * merge command; in shared mode only the tenant's own records, whatever the other tenants hold.
 */
const DEDICATED = '1101001411';
const SHARED_A = '1101001412';
const SHARED_B = '1101001413';
const ADMIN = '33600001411@c.us';
const MEMBER = '33600001412@c.us';

describe('find duplicates (rules engine)', () => {
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
      { tenantField: ['Lead', 'Contact'] },
    );
    const crm = client(own).crm;
    const add = async (key: string, entity: string, data: Record<string, unknown>) => {
      ids[key] = (await crm.create(entity, data, { skipDuplicateCheck: true })).record.id;
    };
    // Oldest first: the first record of each group is the one to keep by default.
    await add('email1', 'Lead', { firstName: 'Marie', lastName: 'Dupont', emailAddress: 'marie@dupont.fr' });
    await add('email2', 'Lead', { firstName: 'M.', lastName: 'Dupont', emailAddress: 'MARIE@dupont.fr' });
    await add('phone1', 'Lead', { firstName: 'Jean', lastName: 'Martin', phoneNumber: '+33611111111' });
    await add('phone2', 'Lead', {
      firstName: 'Jean-Pierre',
      lastName: 'Martin',
      phoneNumber: '+33 6 11 11 11 11',
    });
    await add('name1', 'Lead', { firstName: 'Sophie', lastName: 'Lefèvre', accountName: 'Acme' });
    await add('name2', 'Lead', { firstName: 'sophie', lastName: 'LEFEVRE', accountName: 'ACME' });
    await add('otherAccount', 'Lead', { firstName: 'Sophie', lastName: 'Lefèvre', accountName: 'Globex' });
    await add('short1', 'Lead', { firstName: 'Li', lastName: 'Wu', accountName: 'Acme' });
    await add('short2', 'Lead', { firstName: 'Li', lastName: 'Xu', accountName: 'Acme' });
    await add('account', 'Account', { name: 'Durand SA' });
    await add('typo1', 'Contact', { firstName: 'Paul', lastName: 'Durand', accountId: ids.account });
    await add('typo2', 'Contact', { firstName: 'Paul', lastName: 'Durrand', accountId: ids.account });
    await add('alone', 'Contact', { firstName: 'Paul', lastName: 'Durrand' });
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

  it('FR, member: « cherche les doublons » shows each group (same e-mail, same phone in E.164, close names in one account) with ids and the merge command', async () => {
    await say(DEDICATED, MEMBER, 'cherche les doublons');
    const reply = lastReply(MEMBER);
    expect(reply.split('\n')[0]).toBe('🔁 4 groupes de doublons probables parmi 9 leads et 3 contacts :');
    expect(reply).toContain(
      [
        '1. Leads — même e-mail',
        `• Marie Dupont (marie@dupont.fr) [${ids.email1}] — New`,
        `• M. Dupont (MARIE@dupont.fr) [${ids.email2}] — New`,
        `→ pour fusionner : « fusionne ${ids.email2} dans ${ids.email1} »`,
        '2. Leads — même téléphone',
      ].join('\n'),
    );
    expect(reply).toContain(
      `3. Leads — noms proches dans le même compte\n• Sophie Lefèvre (Acme) [${ids.name1}] — New`,
    );
    expect(reply).toContain(`→ pour fusionner : « fusionne ${ids.name2} dans ${ids.name1} »`);
    expect(reply).toContain('4. Contacts — noms proches dans le même compte');
    expect(reply).toContain(`→ pour fusionner : « fusionne ${ids.typo2} dans ${ids.typo1} »`);
    // Not duplicates: the same name in another company, two short names one letter apart, a contact of no account.
    for (const k of ['otherAccount', 'short1', 'short2', 'alone']) expect(reply).not.toContain(ids[k]!);
  });

  it('EN, admin: "show me the duplicate contacts" → only the contacts, and the merge command in English', async () => {
    await say(DEDICATED, ADMIN, 'show me the duplicate contacts');
    expect(lastReply(ADMIN)).toBe(
      [
        '🔁 1 group of likely duplicates among 3 contacts:',
        '1. Contacts — close names in the same account',
        `• Paul Durand (Durand SA) [${ids.typo1}]`,
        `• Paul Durrand (Durand SA) [${ids.typo2}]`,
        `→ to merge: "merge ${ids.typo2} into ${ids.typo1}"`,
      ].join('\n'),
    );
  });

  it('shared mode: a tenant sees only its own duplicates; another tenant’s record with the same e-mail never appears', async () => {
    const a = client(h.espo, { tenant: { field: 'cTenantId', value: 'sa' } }).crm;
    const b = client(h.espo, { tenant: { field: 'cTenantId', value: 'sb' } }).crm;
    const mine1 = (
      await a.create(
        'Lead',
        { firstName: 'Zoé', lastName: 'Partage', emailAddress: 'zoe@partage.fr' },
        { skipDuplicateCheck: true },
      )
    ).record.id;
    const theirs = (
      await b.create(
        'Lead',
        { firstName: 'Zoé', lastName: 'Partage', emailAddress: 'zoe@partage.fr' },
        { skipDuplicateCheck: true },
      )
    ).record.id;
    const mine2 = (
      await a.create(
        'Lead',
        { firstName: 'Zoe', lastName: 'Partage', emailAddress: 'ZOE@partage.fr' },
        { skipDuplicateCheck: true },
      )
    ).record.id;
    await say(SHARED_A, MEMBER, 'trouve les doublons de leads');
    const reply = lastReply(MEMBER);
    expect(reply.split('\n')[0]).toBe('🔁 1 groupe de doublons probables parmi 2 leads :');
    expect(reply).toContain(`→ pour fusionner : « fusionne ${mine2} dans ${mine1} »`);
    expect(reply).not.toContain(theirs);
    await say(SHARED_B, MEMBER, 'find duplicate leads');
    expect(lastReply(MEMBER)).toBe('✅ No likely duplicates among 1 lead.');
  });
});
