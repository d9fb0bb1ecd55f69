import { type EspoStandIn, startEspoStandIn } from '@max/sandbox';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../pipeline/harness.ts';
import { call, ScriptedModel, type Step } from '../pipeline/scripted-model.ts';

/**
 * Issue 14 §4 with a model: any sector the model can reason about. The model proposes the plan through
 * plan_sector_setup; the pending action stores that exact plan and OUI applies exactly it. A plan that
 * does not hold (an enum without options) is refused before anything is asked; shared mode and members
 * are refused whatever the model calls.
 */
const scripted = new ScriptedModel();

const DEDICATED = '1101001451';
const SHARED = '1101001452';
const ADMIN = '33600001451@c.us';
const MEMBER = '33600001452@c.us';

const FLORIST = {
  sector: 'fleuriste',
  fields: [
    {
      entity: 'Lead',
      name: 'occasion',
      type: 'enum',
      label: 'Occasion',
      options: ['Mariage', 'Deuil', 'Anniversaire', 'Entreprise'],
      layouts: ['detail', 'list'],
    },
    { entity: 'Lead', name: 'deliveryDate', type: 'date', label: 'Date de livraison' },
    {
      entity: 'Opportunity',
      name: 'flowers',
      type: 'multiEnum',
      label: 'Fleurs',
      options: ['Roses', 'Pivoines', 'Tulipes'],
    },
  ],
};

describe('sector setup with a model', () => {
  let h: Harness;
  let own: EspoStandIn;
  beforeAll(async () => {
    h = await startHarness({ model: scripted.model });
    own = await startEspoStandIn({ port: 0 });
    await h.seedTenant({ id: 'acme', idInstance: DEDICATED, crmUrl: own.url, admin: ADMIN, member: MEMBER });
    await h.seedTenant({
      id: 'shared',
      idInstance: SHARED,
      crmUrl: h.espo.url,
      mode: 'shared',
      admin: ADMIN,
    });
  });
  afterAll(async () => {
    await own?.stop();
    await h?.close();
  });
  beforeEach(() => {
    scripted.next.length = 0;
    h.openai!.reset();
  });

  const say = (instance: string, chatId: string, text: string, ...steps: Step[]) => {
    scripted.next.push(...steps);
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
  const fields = async (espo: EspoStandIn, entity: string) => {
    const res = await fetch(`${espo.url}/api/v1/Metadata?key=entityDefs.${entity}.fields`, {
      headers: { 'X-Api-Key': espo.apiKey },
    });
    return (await res.json()) as Record<string, { type: string; options?: string[] }>;
  };
  const custom = async (espo: EspoStandIn, entity: string) =>
    Object.keys(await fields(espo, entity)).filter((f) => /^c[A-Z]/.test(f));

  it('a sector the templates do not know: the model’s plan is stored exactly, shown, and applied exactly on OUI', async () => {
    await say(
      DEDICATED,
      ADMIN,
      'configure le CRM pour ma boutique de fleuriste',
      call('plan_sector_setup', FLORIST),
    );
    expect(offered()).toContain('plan_sector_setup');
    expect(lastReply(ADMIN).split('\n').slice(0, 5)).toEqual([
      '⚠️ Configurer le CRM pour « fleuriste » avec 3 champs ?',
      '• Leads · Occasion (liste : Mariage, Deuil, Anniversaire, Entreprise) → fiche, liste',
      expect.stringMatching(/^• Leads · Date de livraison \(date\) → /),
      expect.stringMatching(/^• Opportunités · Fleurs \(/),
      expect.stringMatching(/^Répondez OUI pour confirmer ou NON pour annuler/),
    ]);
    const [pending] = await h.db
      .admin`select args from pending_actions where tenant_id = 'acme' and consumed_at is null`;
    expect(pending!.args).toEqual(FLORIST);
    expect(await custom(own, 'Lead')).toEqual([]);
    await say(DEDICATED, ADMIN, 'oui');
    expect(lastReply(ADMIN)).toMatch(
      /^✅ CRM configuré pour « fleuriste » :\n• champs créés : Occasion \(Lead\.cOccasion\), Date de livraison \(Lead\.cDeliveryDate\), Fleurs \(Opportunity\.cFlowers\)\n/,
    );
    const lead = await fields(own, 'Lead');
    expect(lead.cOccasion).toMatchObject({
      type: 'enum',
      options: ['', 'Mariage', 'Deuil', 'Anniversaire', 'Entreprise'],
    });
    expect(lead.cDeliveryDate?.type).toBe('date');
    expect((await fields(own, 'Opportunity')).cFlowers).toMatchObject({
      type: 'multiEnum',
      options: ['Roses', 'Pivoines', 'Tulipes'],
    });
    const [mem] = await h.db
      .admin`select value from tenant_memory where tenant_id = 'acme' and key = 'profile.sector'`;
    expect(mem?.value).toBe('fleuriste');
  });

  it('a plan that does not hold (an enum without options) is refused before anything is asked; the model’s corrected plan is the one stored', async () => {
    const broken = {
      sector: 'librairie',
      fields: [{ entity: 'Lead', name: 'genre', type: 'enum', label: 'Genre' }],
    };
    const fixed = {
      sector: 'librairie',
      fields: [
        { entity: 'Lead', name: 'genre', type: 'enum', label: 'Genre', options: ['Roman', 'BD', 'Jeunesse'] },
      ],
    };
    await say(
      DEDICATED,
      ADMIN,
      'configure le CRM pour une librairie',
      call('plan_sector_setup', broken),
      call('plan_sector_setup', fixed),
    );
    const [pending] = await h.db
      .admin`select args from pending_actions where tenant_id = 'acme' and consumed_at is null`;
    expect(pending!.args).toEqual(fixed);
    expect(await custom(own, 'Lead')).not.toContain('cGenre');
    await say(DEDICATED, ADMIN, 'non');
    expect(await custom(own, 'Lead')).not.toContain('cGenre');
  });

  it('members and shared mode: the tool is not offered, and called anyway it is refused; nothing changes', async () => {
    await say(DEDICATED, MEMBER, 'configure le CRM pour un fleuriste', call('plan_sector_setup', FLORIST));
    expect(offered()).not.toContain('plan_sector_setup');
    expect(lastReply(MEMBER)).toBe('Désolé, cette action est réservée aux administrateurs.');
    const before = await custom(h.espo, 'Lead');
    await say(SHARED, ADMIN, 'configure le CRM pour un fleuriste', call('plan_sector_setup', FLORIST));
    expect(offered()).not.toContain('plan_sector_setup');
    expect(lastReply(ADMIN)).toMatch(/^Ce CRM est partagé avec d'autres entreprises/);
    await say(SHARED, ADMIN, 'oui');
    expect(await custom(h.espo, 'Lead')).toEqual(before);
  });
});
