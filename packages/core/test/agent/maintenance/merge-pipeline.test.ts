import { type EspoStandIn, startEspoStandIn } from '@max/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client } from '../../crm/helpers.ts';
import { type Harness, startHarness } from '../pipeline/harness.ts';

/**
 * Issue 14 §3: merging duplicates from WhatsApp, through the real pipeline (signed message → stages
 * → SQL → EspoCRM stand-in → Green-API stand-in), with the rules engine: admins only, after a yes,
 * through EspoCRM's merge action, audited, exactly once, and never across tenants.
 */
const DEDICATED = '1101001401';
const SHARED_A = '1101001402';
const SHARED_B = '1101001403';
const ADMIN = '33600001401@c.us';
const MEMBER = '33600001402@c.us';
const ADMIN_B = '33600001403@c.us';
const TENANT_FIELD = { type: 'varchar', maxLength: 64, isCustom: true };

describe('merge duplicates (rules engine)', () => {
  let h: Harness;
  let own: EspoStandIn;
  beforeAll(async () => {
    h = await startHarness();
    own = await startEspoStandIn({ port: 0 });
    for (const e of ['Lead', 'Contact']) h.espo.addField(e, 'cTenantId', TENANT_FIELD);
    await h.seedTenant({ id: 'acme', idInstance: DEDICATED, crmUrl: own.url, admin: ADMIN, member: MEMBER });
    await h.seedTenant({ id: 'sa', idInstance: SHARED_A, crmUrl: h.espo.url, mode: 'shared', admin: ADMIN });
    await h.seedTenant({
      id: 'sb',
      idInstance: SHARED_B,
      crmUrl: h.espo.url,
      mode: 'shared',
      admin: ADMIN_B,
    });
  });
  afterAll(async () => {
    await own?.stop();
    await h?.close();
  });

  const say = (instance: string, chatId: string, text: string, id?: string) =>
    h.deliver(h.text(instance, chatId, text, id));
  const lastReply = (chatId: string) =>
    h.green
      .sent()
      .filter((m) => m.chatId === chatId)
      .at(-1)?.message ?? '';
  const crmOf = (espo: EspoStandIn, tenant?: string) =>
    client(espo, tenant ? { tenant: { field: 'cTenantId', value: tenant } } : {}).crm;
  const make = async (espo: EspoStandIn, entity: string, data: Record<string, unknown>, tenant?: string) =>
    (await crmOf(espo, tenant).create(entity, data, { skipDuplicateCheck: true })).record.id;
  const alive = (espo: EspoStandIn, entity: string, id: string) =>
    espo.state.records(entity).some((r) => r.id === id);
  const mergePosts = (espo: EspoStandIn) =>
    espo.log.filter((l) => l.method === 'POST' && l.path === '/api/v1/Action');

  it('FR, admin: « fusionne B dans A » asks once, OUI merges once through EspoCRM, the reply and the audit row name the kept record and the removed one', async () => {
    const a = await make(own, 'Lead', {
      firstName: 'Marie',
      lastName: 'Dupont',
      emailAddress: 'marie@dupont.fr',
      accountName: 'Acme',
    });
    const b = await make(own, 'Lead', {
      firstName: 'Marie',
      lastName: 'Dupond',
      emailAddress: 'marie@dupont.fr',
      phoneNumber: '+33 6 12 34 56 78',
    });
    await say(DEDICATED, ADMIN, `fusionne ${b} dans ${a}`);
    expect(lastReply(ADMIN)).toBe(
      [
        '⚠️ Fusionner le lead Marie Dupond (marie@dupont.fr) dans Marie Dupont (marie@dupont.fr, Acme) ? Les notes, tâches et activités suivent ; la fiche fusionnée est ensuite supprimée.',
        'Répondez OUI pour confirmer ou NON pour annuler (valable 10 minutes ; tout autre message annule).',
      ].join('\n'),
    );
    expect(alive(own, 'Lead', b)).toBe(true);
    expect(mergePosts(own)).toHaveLength(0);

    await say(DEDICATED, ADMIN, 'OUI');
    expect(lastReply(ADMIN)).toBe(
      `🔀 Fusion faite dans Marie Dupont (marie@dupont.fr, Acme) [${a}] : Marie Dupond [${b}] y a été fusionné puis supprimé.`,
    );
    expect(alive(own, 'Lead', b)).toBe(false);
    // EspoCRM kept the source's phone on the target.
    expect(own.state.records('Lead').find((r) => r.id === a)?.phoneNumber).toBe('+33612345678');
    expect(mergePosts(own)).toHaveLength(1);
    const [row] = await h.db.admin`
      select target_entity, target_id, result, detail from max_logs
       where tenant_id = 'acme' and action = 'merge_records' and detail ->> 'confirmed' = 'true'`;
    expect(row).toMatchObject({ target_entity: 'Lead', target_id: a, result: 'ok' });
    expect(row!.detail.audit).toMatchObject({ entity: 'Lead', target: a, sources: [b] });

    // A second OUI confirms nothing: the merge ran once.
    await say(DEDICATED, ADMIN, 'oui');
    expect(lastReply(ADMIN)).toMatch(/rien à confirmer/);
    expect(mergePosts(own)).toHaveLength(1);
  });

  it('EN, admin: NO cancels, any other message cancels, YES merges contacts (the record named first is kept)', async () => {
    const c1 = await make(own, 'Contact', {
      firstName: 'John',
      lastName: 'Smith',
      emailAddress: 'john@smith.co.uk',
    });
    const c2 = await make(own, 'Contact', {
      firstName: 'Jon',
      lastName: 'Smith',
      emailAddress: 'john@smith.co.uk',
    });
    const before = mergePosts(own).length;
    await say(DEDICATED, ADMIN, `merge the contacts ${c1} and ${c2}`);
    expect(lastReply(ADMIN)).toMatch(
      /^⚠️ Merge the contact Jon Smith \(john@smith\.co\.uk\) into John Smith \(john@smith\.co\.uk\)\? Notes, tasks and activities follow; the merged record is then deleted\.\nReply YES/,
    );
    await say(DEDICATED, ADMIN, 'no');
    expect(lastReply(ADMIN)).toBe('Action cancelled.');
    expect(alive(own, 'Contact', c2)).toBe(true);

    await say(DEDICATED, ADMIN, `merge the contacts ${c1} and ${c2}`);
    await say(DEDICATED, ADMIN, 'find duplicate contacts');
    expect(lastReply(ADMIN)).toMatch(
      /^ℹ️ I cancelled the merge of 2 contacts, which was waiting for your YES\.\n\n/,
    );
    await say(DEDICATED, ADMIN, 'yes');
    expect(lastReply(ADMIN)).toMatch(/nothing to confirm/);
    expect(alive(own, 'Contact', c2)).toBe(true);
    expect(mergePosts(own)).toHaveLength(before);

    await say(DEDICATED, ADMIN, `merge the contacts ${c1} and ${c2}`);
    await say(DEDICATED, ADMIN, 'YES');
    expect(lastReply(ADMIN)).toBe(
      `🔀 Merged into John Smith (john@smith.co.uk) [${c1}]: Jon Smith [${c2}] was merged and removed.`,
    );
    expect(alive(own, 'Contact', c2)).toBe(false);
    expect(mergePosts(own)).toHaveLength(before + 1);
  });

  it('a member is refused (FR and EN), nothing is asked and nothing is merged', async () => {
    const a = await make(own, 'Lead', { firstName: 'Paul', lastName: 'Membre' });
    const b = await make(own, 'Lead', { firstName: 'Paul', lastName: 'Membre' });
    await say(DEDICATED, MEMBER, `fusionne ${b} dans ${a}`);
    expect(lastReply(MEMBER)).toBe('Désolé, cette action est réservée aux administrateurs.');
    await say(DEDICATED, MEMBER, `please merge ${b} into ${a}`);
    expect(lastReply(MEMBER)).toBe('Sorry, only administrators can do that.');
    await say(DEDICATED, MEMBER, 'oui');
    expect(lastReply(MEMBER)).toMatch(/rien à confirmer/);
    expect(alive(own, 'Lead', b)).toBe(true);
    const open = await h.db
      .admin`select 1 from pending_actions where tenant_id = 'acme' and consumed_at is null`;
    expect(open).toHaveLength(0);
  });

  it('shared mode: an admin merges their own tenant’s leads; another tenant’s id, as source or target, answers "not found" at once (its name never shown) and nothing is merged', async () => {
    const mine = await make(
      h.espo,
      'Lead',
      { firstName: 'Anna', lastName: 'Partage', emailAddress: 'anna@sa.fr' },
      'sa',
    );
    const mine2 = await make(
      h.espo,
      'Lead',
      { firstName: 'Ana', lastName: 'Partage', emailAddress: 'anna@sa.fr' },
      'sa',
    );
    const theirs = await make(
      h.espo,
      'Lead',
      { firstName: 'Anna', lastName: 'Partage', emailAddress: 'anna@sa.fr' },
      'sb',
    );
    const before = mergePosts(h.espo).length;

    await say(SHARED_A, ADMIN, `fusionne ${theirs} dans ${mine}`);
    expect(lastReply(ADMIN)).toBe(`Je ne trouve aucun lead pour « ${theirs} ».`);
    await say(SHARED_A, ADMIN, 'oui');
    expect(lastReply(ADMIN)).toMatch(/rien à confirmer/);
    await say(SHARED_A, ADMIN, `fusionne ${mine2} dans ${theirs}`);
    expect(lastReply(ADMIN)).toBe(`Je ne trouve aucun lead pour « ${theirs} ».`);
    await say(SHARED_A, ADMIN, 'oui');
    expect(lastReply(ADMIN)).toMatch(/rien à confirmer/);
    expect(mergePosts(h.espo)).toHaveLength(before);
    const other = h.espo.state.records('Lead').find((r) => r.id === theirs);
    expect(other).toMatchObject({ cTenantId: 'sb', firstName: 'Anna' });

    await say(SHARED_A, ADMIN, `fusionne ${mine2} dans ${mine}`);
    await say(SHARED_A, ADMIN, 'oui');
    expect(lastReply(ADMIN)).toMatch(
      new RegExp(`^🔀 Fusion faite dans Anna Partage .*\\[${mine}\\] : Ana Partage \\[${mine2}\\]`),
    );
    expect(alive(h.espo, 'Lead', mine2)).toBe(false);
    expect(h.espo.state.records('Lead').find((r) => r.id === mine)?.cTenantId).toBe('sa');
    expect(alive(h.espo, 'Lead', theirs)).toBe(true);
    // Tenant B's admin cannot reach tenant A's records either.
    await say(SHARED_B, ADMIN_B, `fusionne ${mine} dans ${theirs}`);
    expect(lastReply(ADMIN_B)).toBe(`Je ne trouve aucun lead pour « ${mine} ».`);
    await say(SHARED_B, ADMIN_B, 'oui');
    expect(lastReply(ADMIN_B)).toMatch(/rien à confirmer/);
    expect(alive(h.espo, 'Lead', mine)).toBe(true);
  });

  it('EspoCRM merges but its answer is lost: the retry finds the sources gone and answers "merged", once, without merging again', async () => {
    const a = await make(own, 'Lead', {
      firstName: 'Lola',
      lastName: 'Perdue',
      emailAddress: 'lola@perdue.fr',
    });
    const b = await make(own, 'Lead', {
      firstName: 'Lola',
      lastName: 'Perdu',
      emailAddress: 'lola@perdue.fr',
    });
    await say(DEDICATED, ADMIN, `fusionne ${b} dans ${a}`);
    const before = mergePosts(own).length;
    own.faults.add({ mode: 'lose_answer', method: 'POST', path: '/api/v1/Action', count: 1 });
    const yes = h.text(DEDICATED, ADMIN, 'oui', 'MERGE-LOST-OUI');
    expect((await h.deliver(yes)).status).toBe(503);
    expect(alive(own, 'Lead', b)).toBe(false); // the CRM did merge
    const sentBefore = h.green.sent().length;
    expect((await h.deliverUntilSettled(yes)).responses.at(-1)!.status).toBe(200);
    expect(lastReply(ADMIN)).toBe(
      `🔀 Fusion faite dans Lola Perdue (lola@perdue.fr) [${a}] : [${b}] y a été fusionné puis supprimé.`,
    );
    expect(h.green.sent().length).toBe(sentBefore + 1);
    expect(mergePosts(own)).toHaveLength(before + 1);
    const rows = await h.db.admin`
      select detail from max_logs where tenant_id = 'acme' and action = 'merge_records' and detail ->> 'confirmed' = 'true'
       order by id desc limit 1`;
    expect(rows[0]!.detail.audit).toMatchObject({ target: a, sources: [b], retried: true });
  });
});
