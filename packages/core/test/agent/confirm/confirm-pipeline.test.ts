import { type EspoStandIn, startEspoStandIn } from '@max/sandbox';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { client } from '../../crm/helpers.ts';
import { type Harness, startHarness } from '../pipeline/harness.ts';
import { call, ScriptedModel, type Step } from '../pipeline/scripted-model.ts';

/**
 * Confirmations through the real pipeline (signed message → stages → SQL → EspoCRM stand-in →
 * Green-API stand-in), with a model that calls the risky tools exactly as told: each question is a
 * sentence in the sender's language naming the records as the CRM has them, and the yes runs what
 * was shown.
 */
const scripted = new ScriptedModel();

const DEDICATED = '1101001771';
const SHARED_A = '1101001772';
const SHARED_B = '1101001773';
const ADMIN = '33600001771@c.us';
const ADMIN_B = '33600001772@c.us';
const YES_NO_FR =
  'Répondez OUI pour confirmer ou NON pour annuler (valable 10 minutes ; tout autre message annule).';
const YES_NO_EN = 'Reply YES to confirm or NO to cancel (valid for 10 minutes; any other message cancels).';

describe('confirmations read as sentences (with a model)', () => {
  let h: Harness;
  let own: EspoStandIn;
  beforeAll(async () => {
    h = await startHarness({ model: scripted.model });
    own = await startEspoStandIn({ port: 0 });
    h.espo.addField('Lead', 'cTenantId', { type: 'varchar', maxLength: 64, isCustom: true });
    await h.seedTenant({ id: 'acme', idInstance: DEDICATED, crmUrl: own.url, admin: ADMIN });
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
  beforeEach(() => {
    scripted.next.length = 0;
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
  const lead = async (espo: EspoStandIn, data: Record<string, unknown>, tenant?: string) =>
    (
      await client(espo, tenant ? { tenant: { field: 'cTenantId', value: tenant } } : {}).crm.create(
        'Lead',
        data,
        {
          skipDuplicateCheck: true,
        },
      )
    ).record.id;
  const alive = (espo: EspoStandIn, id: string) => espo.state.records('Lead').some((r) => r.id === id);
  const openPending = (tenant: string) =>
    h.db.admin`select tool, args from pending_actions where tenant_id = ${tenant} and consumed_at is null`;

  it('FR: a deletion asked by name names the lead, and the yes deletes that lead even when another one takes the name meanwhile', async () => {
    const shown = await lead(own, { firstName: 'Zoé', lastName: 'Unique', emailAddress: 'zoe@unique.fr' });
    await say(DEDICATED, ADMIN, 'supprime le lead Zoé Unique', call('delete_lead', { target: 'Zoé Unique' }));
    expect(lastReply(ADMIN)).toBe(
      `⚠️ Supprimer le lead Zoé Unique (zoe@unique.fr) ? Il disparaîtra du CRM.\n${YES_NO_FR}`,
    );
    const [pending] = await openPending('acme');
    expect(pending!.args).toEqual({ target: { id: shown, name: 'Zoé Unique' } });
    // Someone creates a second "Zoé Unique" before the yes: the name now matches two leads.
    const later = await lead(own, { firstName: 'Zoé', lastName: 'Unique', emailAddress: 'autre@unique.fr' });
    await say(DEDICATED, ADMIN, 'oui');
    expect(lastReply(ADMIN)).toBe(`🗑️ Lead supprimé : Zoé Unique (zoe@unique.fr) [${shown}]`);
    expect(alive(own, shown)).toBe(false);
    expect(alive(own, later)).toBe(true);
    const [row] = await h.db.admin`
      select target_id, result from max_logs
       where tenant_id = 'acme' and action = 'delete_lead' and detail ->> 'confirmed' = 'true'`;
    expect(row).toEqual({ target_id: shown, result: 'ok' });
  });

  it('EN: a name that matches several leads lists them and asks nothing; a yes then confirms nothing', async () => {
    await lead(own, { firstName: 'Sam', lastName: 'Twin', emailAddress: 'sam1@twin.co' });
    await lead(own, { firstName: 'Sam', lastName: 'Twin', emailAddress: 'sam2@twin.co' });
    await say(
      DEDICATED,
      ADMIN,
      'please delete the lead Sam Twin',
      call('delete_lead', { target: 'Sam Twin' }),
    );
    const reply = lastReply(ADMIN);
    expect(reply).toMatch(/^Several leads match, which one\?\n• Sam Twin \(sam[12]@twin\.co\)/);
    expect(reply).not.toMatch(/delete_lead|YES/);
    expect(await openPending('acme')).toHaveLength(0);
    await say(DEDICATED, ADMIN, 'yes');
    expect(lastReply(ADMIN)).toMatch(/nothing to confirm/);
    expect(own.state.records('Lead').filter((r) => r.lastName === 'Twin')).toHaveLength(2);
  });

  it('EN: a new field is asked in words; another message drops it and the notice names it; nothing is created', async () => {
    await say(
      DEDICATED,
      ADMIN,
      'add a SIRET field to accounts',
      call('create_custom_field', { entity: 'Account', name: 'siret', type: 'varchar', label: 'SIRET' }),
    );
    expect(lastReply(ADMIN)).toBe(
      `⚠️ Add a field "SIRET" (short text) to accounts? Everyone using the CRM will see it.\n${YES_NO_EN}`,
    );
    await say(DEDICATED, ADMIN, 'show me the last leads', call('list_recent', {}));
    expect(lastReply(ADMIN)).toMatch(
      /^ℹ️ I cancelled adding the field "SIRET" to accounts, which was waiting for your YES\.\n\n🗂️ Last /,
    );
    const res = await fetch(`${own.url}/api/v1/Metadata?key=entityDefs.Account.fields`, {
      headers: { 'X-Api-Key': own.apiKey },
    });
    expect(Object.keys((await res.json()) as object)).not.toContain('cSiret');
  });

  it('FR: a layout change names the field by its label, a rebuild says what it does; each runs on OUI', async () => {
    await say(
      DEDICATED,
      ADMIN,
      'ajoute un champ budget aux leads',
      call('create_custom_field', { entity: 'Lead', name: 'budget', type: 'currency', label: 'Budget' }),
    );
    expect(lastReply(ADMIN)).toBe(
      `⚠️ Ajouter aux leads un champ « Budget » (montant) ? Il sera visible par tous les utilisateurs du CRM.\n${YES_NO_FR}`,
    );
    await say(DEDICATED, ADMIN, 'oui');
    expect(lastReply(ADMIN)).toMatch(/^✅ Champ cBudget créé sur Lead/);
    await say(
      DEDICATED,
      ADMIN,
      'affiche le budget dans la liste des leads',
      call('add_field_to_layout', { entity: 'Lead', field: 'budget', layouts: ['list'] }),
    );
    expect(lastReply(ADMIN)).toBe(
      `⚠️ Afficher le champ « Budget » sur la vue liste des leads ?\n${YES_NO_FR}`,
    );
    const [pending] = await openPending('acme');
    expect(pending).toMatchObject({ tool: 'add_field_to_layout', args: { field: 'cBudget' } });
    await say(DEDICATED, ADMIN, 'oui');
    expect(JSON.stringify(own.state.layout('Lead/list'))).toContain('"name":"cBudget"');
    await say(DEDICATED, ADMIN, 'reconstruis le CRM', call('rebuild_crm', {}));
    expect(lastReply(ADMIN)).toBe(
      `⚠️ Reconstruire le CRM (vider son cache et mettre sa base à jour) ? Il peut être lent quelques instants ; aucune donnée n'est perdue.\n${YES_NO_FR}`,
    );
    await say(DEDICATED, ADMIN, 'non');
    expect(lastReply(ADMIN)).toBe('Action annulée.');
  });

  it('shared mode: a deletion of another tenant’s lead by id is "not found" at once, its name never shown, nothing pending', async () => {
    const theirs = await lead(h.espo, { firstName: 'Secret', lastName: 'Voisin' }, 'sb');
    await say(SHARED_A, ADMIN, 'supprime ce lead', call('delete_lead', { target: theirs }));
    expect(lastReply(ADMIN)).toBe(`Je ne trouve aucun lead pour « ${theirs} ».`);
    expect(await openPending('sa')).toHaveLength(0);
    await say(SHARED_A, ADMIN, 'oui');
    expect(alive(h.espo, theirs)).toBe(true);
    expect(h.green.sent().some((m) => m.message.includes('Secret'))).toBe(false);
  });
});
