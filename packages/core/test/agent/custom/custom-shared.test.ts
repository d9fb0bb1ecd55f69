import { incomingText, startEspoStandIn } from '@max/sandbox';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { crmOf, lastReply } from '../activities/seed.ts';
import { type Harness, startHarness } from '../pipeline/harness.ts';
import { ScriptedModel, type Step } from '../pipeline/scripted-model.ts';
import { seedSharedTenants } from '../pipeline/shared-tenants.ts';
import { runCall, testTenant, toolContext } from '../rules/tool-context.ts';

/**
 * Issue 14 §2 custom entities and fields in shared mode (one EspoCRM, cTenantId on every entity), with a
 * model that obeys whoever writes (the worst case): a tenant's missions and diagnostics carry its value;
 * another tenant's are not found, not listed, not linked, not changed — even by exact id; the tenant
 * field is never a field a sender can set; a lost create answer never duplicates a mission.
 */
const scripted = new ScriptedModel();

const A = { id: 'cusa', instance: '1101000081', admin: '33600000081@c.us', member: '33600000082@c.us' };
const B = { id: 'cusb', instance: '1101000083', admin: '33600000083@c.us', member: '33600000084@c.us' };
const T = Math.floor(Date.now() / 1000);
let n = 0;

describe('custom entities in shared mode: tenant values, isolation, lost answers', () => {
  let h: Harness;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    h = await startHarness({ customizations: 'infra', model: scripted.model });
    await seedSharedTenants(h, [A, B]);
    const a = crmOf(h.espo, A.id);
    ids.aLead = (await a.create('Lead', { firstName: 'Alice', lastName: 'Privée' })).record.id;
    ids.aAccount = (await a.create('Account', { name: 'Privée SA' })).record.id;
    ids.aMission = (
      await a.create('MissionMAX', { name: 'Mission secrète', accountId: ids.aAccount, budget: 9000 })
    ).record.id;
    ids.aDiag = (
      await a.create('DiagnosticIA', { name: 'Diagnostic secret', leadId: ids.aLead, score: 90 })
    ).record.id;
    const b = crmOf(h.espo, B.id);
    ids.bAccount = (await b.create('Account', { name: 'Bravo SARL' })).record.id;
  });
  afterAll(() => h.close());
  beforeEach(() => h.openai!.reset());

  const say = (t: typeof A, chatId: string, text: string, step?: Step) => {
    if (step) scripted.next = [step];
    return h.deliver(
      incomingText({ idInstance: t.instance, chatId, text, idMessage: `CSH-${n++}`, timestamp: T + n }),
    );
  };
  const call = (name: string, args: Record<string, unknown>): Step => ({
    toolCalls: [{ name, arguments: args }],
  });
  const aMission = () => h.espo.state.records('MissionMAX').find((m) => m.id === ids.aMission)!;
  const aDiag = () => h.espo.state.records('DiagnosticIA').find((d) => d.id === ids.aDiag)!;

  it("shared mode: a tenant's mission and diagnostic carry its tenant value (member FR, admin EN)", async () => {
    await say(
      B,
      B.member,
      'crée une mission MAX pour Bravo SARL, budget 1200',
      call('create_custom_record', {
        entity: 'MissionMAX',
        for: { name: 'Bravo SARL' },
        fields: { budget: '1200' },
      }),
    );
    await say(
      B,
      B.admin,
      'create an AI diagnostic for Bravo SARL, score 40',
      call('create_custom_record', {
        entity: 'DiagnosticIA',
        for: { name: 'Bravo SARL' },
        fields: { score: 40 },
      }),
    );
    expect(
      h.espo.state
        .records('MissionMAX')
        .filter((m) => m.accountId === ids.bAccount)
        .map((m) => [m.cTenantId, m.budget]),
    ).toEqual([[B.id, 1200]]);
    expect(
      h.espo.state
        .records('DiagnosticIA')
        .filter((d) => d.accountId === ids.bAccount)
        .map((d) => [d.cTenantId, d.score]),
    ).toEqual([[B.id, 40]]);
    expect(lastReply(h.green, B.admin)).toMatch(/✅ AI diagnostic created: Diagnostic IA – Bravo SARL/);
  });

  /** Record ids (the attacker's, echoed, and any other in the reply) are time-based hex and may contain "9000". */
  const withoutIds = (text: string) => text.replace(/\b[0-9a-f]{17}\b/g, '<id>');

  it("isolation: another tenant's mission and diagnostic cannot be found, listed, changed or linked, even by exact id", async () => {
    await say(B, B.admin, `show mission ${ids.aMission}`, {
      toolCalls: [
        { name: 'find_custom_records', arguments: { entity: 'MissionMAX' } },
        { name: 'find_custom_records', arguments: { entity: 'MissionMAX', for: { name: 'Privée SA' } } },
        { name: 'find_custom_records', arguments: { entity: 'DiagnosticIA', for: { id: ids.aLead } } },
      ],
    });
    const listed = withoutIds(lastReply(h.green, B.admin));
    expect(listed).not.toMatch(/Mission secrète|Diagnostic secret|Privée|Alice|9[\s,.\u202f]?000/);
    await say(B, B.admin, 'pwn', {
      toolCalls: [
        {
          name: 'update_record',
          arguments: { entity: 'MissionMAX', target: { id: ids.aMission }, changes: { budget: 1 } },
        },
        {
          name: 'update_record',
          arguments: { entity: 'DiagnosticIA', target: { name: 'Diagnostic secret' }, changes: { score: 1 } },
        },
        {
          name: 'link_custom_record',
          arguments: { entity: 'MissionMAX', target: { id: ids.aMission }, to: { id: ids.bAccount } },
        },
        {
          name: 'link_custom_record',
          arguments: {
            entity: 'MissionMAX',
            target: { name: 'Bravo' },
            to: { id: ids.aLead },
            owner: 'Lead',
          },
        },
      ],
    });
    expect(aMission()).toMatchObject({ budget: 9000, accountId: ids.aAccount, cTenantId: A.id });
    expect(aDiag()).toMatchObject({ score: 90, cTenantId: A.id });
    expect(h.espo.state.records('MissionMAX').filter((m) => m.leadId === ids.aLead)).toHaveLength(0);
    // The reply may echo what was asked, never what the other tenant's records hold.
    expect(withoutIds(lastReply(h.green, B.admin))).not.toMatch(
      /Mission secrète|Privée|Alice|9[\s,.\u202f]?000/,
    );
  });

  it('a tenant lists the missions of its own account by the account id (as a model copies it from a reply)', async () => {
    await say(A, A.admin, `missions of ${ids.aAccount}`, {
      toolCalls: [{ name: 'find_custom_records', arguments: { entity: 'MissionMAX', for: ids.aAccount } }],
    });
    expect(lastReply(h.green, A.admin)).toMatch(new RegExp(`Mission secrète.*\\[${ids.aMission}\\]`));
  });

  it("isolation: a custom record cannot be created for another tenant's lead, nor carry another tenant id", async () => {
    const before = h.espo.state.records('MissionMAX').length;
    await say(
      B,
      B.member,
      'mission for Alice',
      call('create_custom_record', { entity: 'MissionMAX', for: { id: ids.aLead }, owner: 'Lead' }),
    );
    expect(h.espo.state.records('MissionMAX')).toHaveLength(before);
    expect(lastReply(h.green, B.member)).toMatch(/I can't find a lead for|Je ne trouve aucun lead/);
    await say(
      B,
      B.admin,
      'move it to tenant A',
      call('update_record', {
        entity: 'MissionMAX',
        target: { name: 'Bravo' },
        changes: { cTenantId: A.id },
      }),
    );
    expect(h.espo.state.records('MissionMAX').filter((m) => m.cTenantId === A.id)).toHaveLength(1);
    expect(lastReply(h.green, B.admin)).toMatch(/champ « cTenantId »|field "cTenantId"/);
    await say(
      B,
      B.admin,
      'create with tenant',
      call('create_custom_record', {
        entity: 'MissionMAX',
        for: { name: 'Bravo SARL' },
        fields: { cTenantId: A.id },
      }),
    );
    expect(h.espo.state.records('MissionMAX')).toHaveLength(before);
  });

  it('lost answer: EspoCRM creates the MissionMAX but the answer is lost; the retry finds it (one mission)', async () => {
    h.espo.faults.add({ mode: 'lose_answer', method: 'POST', path: '/api/v1/MissionMAX', count: 1 });
    const step = call('create_custom_record', {
      entity: 'MissionMAX',
      for: { name: 'Bravo SARL' },
      name: 'Audit Bravo',
    });
    scripted.next = [step, step];
    const event = incomingText({
      idInstance: B.instance,
      chatId: B.member,
      text: 'crée une mission MAX Audit Bravo',
      idMessage: 'CSH-LOST',
      timestamp: T + 999,
    });
    expect((await h.deliver(event)).status).toBe(503);
    expect((await h.deliverUntilSettled(event)).responses.at(-1)!.status).toBe(200);
    expect(h.espo.state.records('MissionMAX').filter((m) => m.name === 'Audit Bravo')).toHaveLength(1);
    expect(lastReply(h.green, B.member)).toMatch(/✅ Mission MAX créée : Audit Bravo/);
  });
});

describe('a CRM without the custom entities', () => {
  it('says the entities are not installed instead of "not found" (FR and EN)', async () => {
    const espo = await startEspoStandIn({ port: 0 });
    try {
      const ctx = toolContext(crmOf(espo), testTenant());
      const fr = await runCall(
        ctx,
        { name: 'create_custom_record', args: { entity: 'MissionMAX', name: 'X' } },
        'fr',
      );
      expect(fr.reply).toBe(
        "❌ Les missions MAX ne sont pas installées dans ce CRM (métadonnées de infra/scaleway-espocrm) : demandez-le à l'administrateur ; rien n'a été fait.",
      );
      const en = await runCall(ctx, { name: 'find_custom_records', args: { entity: 'DiagnosticIA' } }, 'en');
      expect(en.reply).toMatch(/^❌ AI diagnostics are not installed in this CRM/);
    } finally {
      await espo.stop();
    }
  });
});
