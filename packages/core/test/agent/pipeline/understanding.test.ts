import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './harness.ts';

/**
 * Issue 17 through the real pipeline (Postgres, the EspoCRM and Green-API stand-ins over HTTP) with
 * the rules engine: the first minute (greetings, "not understood", the reply's language), a lead in
 * the user's own word order, a half-understood command that asks and writes nothing until "oui",
 * a record named in the sentence, and defaults stated in words that are kept and applied.
 */
const INSTANCE = '1101700001';
const ADMIN = '33617000001@c.us';
const MEMBER = '33617000002@c.us';
const OTHER = '33617000003@c.us';
const ENGLISH = '33617000004@c.us';

describe('understanding people as they write (rules engine, whole pipeline)', () => {
  let h: Harness;
  beforeAll(async () => {
    // The CRM's own default currency is USD: an amount in euros must come from what the business said.
    h = await startHarness({ espo: { settings: { currencyList: ['USD', 'EUR'], defaultCurrency: 'USD' } } });
    await h.seedTenant({
      id: 'acme',
      idInstance: INSTANCE,
      crmUrl: h.espo.url,
      admin: ADMIN,
      member: MEMBER,
      chatMessagesPerMinute: 600,
    });
    await h.db
      .admin`insert into whatsapp_senders (tenant_id, chat_id, role) values ('acme', ${OTHER}, 'member'), ('acme', ${ENGLISH}, 'member')`;
  });
  afterAll(() => h.close());

  const replies = (chatId: string) => h.green.sent().filter((m) => m.chatId === chatId);
  const say = async (chatId: string, text: string) => {
    const res = await h.deliver(h.text(INSTANCE, chatId, text));
    expect(res.status).toBe(200);
    return replies(chatId).at(-1)!.message;
  };
  const records = (entity: string) => h.espo.state.records(entity);
  const writes = () => records('Lead').length + records('Task').length + records('Opportunity').length;
  const seed = async (entity: string, attrs: Record<string, unknown>) => {
    const res = await fetch(`${h.espo.url}/api/v1/${entity}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': h.espo.apiKey },
      body: JSON.stringify(attrs),
    });
    expect(res.status).toBe(200);
    return (await res.json()) as { id: string };
  };

  it('a greeting gets a short, friendly answer in the sender’s language that says what MAX does, and writes nothing', async () => {
    const before = writes();
    const fr = await say(MEMBER, 'bonjour MAX');
    expect(fr).toMatch(/^Bonjour ! 👋 Je gère votre CRM depuis WhatsApp : leads, contacts/);
    expect(fr.split('\n')).toHaveLength(1);
    const en = await say(ENGLISH, 'hi');
    expect(en).toMatch(/^Hello! 👋 I run your CRM from WhatsApp: leads, contacts/);
    expect(await say(ENGLISH, 'thanks!')).toMatch(/^You're welcome!/);
    expect(writes()).toBe(before);
  });

  it('what is not understood is said in a few words: what was understood, what was not, three examples at most', async () => {
    const reply = await say(MEMBER, 'crée un truc pour la réunion de machin');
    expect(reply).toMatch(/^J'ai compris que vous voulez .+ mais pas .+\. Je n'ai rien fait\./);
    const examples = reply.split('\n')[1]!;
    expect(examples).toMatch(/^Par exemple : /);
    expect(examples.match(/« /g)?.length ?? 0).toBeLessThanOrEqual(3);
    // Never the whole catalogue.
    expect(reply).not.toMatch(/configure le CRM pour une boulangerie/);
    const other = await say(MEMBER, 'blablabla');
    expect(other).toMatch(/^Je n'ai pas compris ce message ; je n'ai rien fait\.\nPar exemple : /);
  });

  it('an English question after French messages is answered in English; a message with no language of its own follows the last one', async () => {
    await say(OTHER, 'bonjour');
    await say(OTHER, 'trouve le lead Personne');
    const en = await say(OTHER, 'any duplicates?');
    expect(en).not.toMatch(/doublon|Aucun|Je /);
    // "ok" carries no language: it follows the sender's last message (English), not the tenant's French.
    expect(await say(OTHER, 'ok')).toMatch(/^👍 I run your CRM/);
    expect(await say(OTHER, '👍')).toMatch(/^👍 I run your CRM/);
  });

  it('a lead said in the user’s own word order is created with its company, e-mail and phone', async () => {
    const reply = await say(
      MEMBER,
      'ajoute Léa Roux de la société Roux & Fils, lea@roux-fils.fr, 06 12 34 56 78',
    );
    expect(reply).toMatch(/Lead créé : Léa Roux/);
    const lead = records('Lead').find((l) => l.emailAddress === 'lea@roux-fils.fr');
    expect(lead).toMatchObject({
      firstName: 'Léa',
      lastName: 'Roux',
      accountName: 'Roux & Fils',
      phoneNumber: '+33612345678',
    });
  });

  it('"Please add <name> (<email>) from <company> as a new lead" creates the lead and never resets the status of the lead with that e-mail', async () => {
    const { id } = await seed('Lead', {
      firstName: 'Zoé',
      lastName: 'Arcy',
      emailAddress: 'zoe@atelier.fr',
      status: 'Assigned',
    });
    await say(ENGLISH, 'Please add Zoé Arcy (zoe@atelier.fr) from Atelier Bleu as a new lead');
    expect(records('Lead').find((l) => l.id === id)?.status).toBe('Assigned');
  });

  it('a half-understood command asks one short question and writes nothing; "oui" then creates exactly that, once', async () => {
    const before = records('Lead').length;
    const asked = await say(MEMBER, 'ajoute Julie Moreau chez Moreau Paysages, elle est top');
    expect(asked).toBe(
      "Créer un lead « Julie Moreau » chez Moreau Paysages ? (je n'ai pas compris « top »)\nRépondez oui pour le créer, non sinon.",
    );
    expect(records('Lead')).toHaveLength(before);
    const [pending] = await h.db
      .admin`select tool, args from pending_actions where tenant_id = 'acme' and chat_id = ${MEMBER} and consumed_at is null`;
    expect(pending).toMatchObject({
      tool: 'create_lead',
      args: { firstName: 'Julie', lastName: 'Moreau', accountName: 'Moreau Paysages' },
    });
    expect(await say(MEMBER, 'oui')).toMatch(/Lead créé : Julie Moreau/);
    expect(records('Lead').filter((l) => l.lastName === 'Moreau')).toMatchObject([
      { firstName: 'Julie', accountName: 'Moreau Paysages' },
    ]);
    expect(await say(MEMBER, 'oui')).toMatch(/rien à confirmer/);
    expect(records('Lead').filter((l) => l.lastName === 'Moreau')).toHaveLength(1);
  });

  it('"non" to a proposed record drops it: nothing is created', async () => {
    const before = records('Lead').length;
    await say(MEMBER, 'add Tom Baker from Baker Street Ltd as a lead, he seems keen');
    expect(await say(MEMBER, 'no')).toMatch(/annulée|cancelled/);
    expect(records('Lead')).toHaveLength(before);
  });

  it('a command followed by plain commentary is run; a remark that hedges is asked first, and "yes" runs exactly that', async () => {
    const { id } = await seed('Lead', { firstName: 'Tom', lastName: 'Walker', status: 'In Process' });
    await say(ENGLISH, 'mark Tom Walker as lost, they went with another agency');
    expect(records('Lead').find((l) => l.id === id)?.status).toBe('Dead');
    const other = await seed('Lead', { firstName: 'Ann', lastName: 'Hale', status: 'In Process' });
    const asked = await say(ENGLISH, 'mark Ann Hale as lost, not sure yet');
    expect(asked).toMatch(/^Set "Ann Hale"'s status to Dead\? \(I didn't understand "sure" or "yet"\)/);
    expect(records('Lead').find((l) => l.id === other.id)?.status).toBe('In Process');
    await say(ENGLISH, 'yes');
    expect(records('Lead').find((l) => l.id === other.id)?.status).toBe('Dead');
  });

  it('a remark naming one person, then a command on "her": that person, and only when the remark is plain', async () => {
    const { id } = await seed('Lead', { firstName: 'Inès', lastName: 'Garnier', status: 'New' });
    await say(MEMBER, 'Inès Garnier est intéressée, mets-la en cours');
    expect(records('Lead').find((l) => l.id === id)?.status).toBe('In Process');
    await say(MEMBER, 'Inès Garnier hésite, peut-être la passer en perdu');
    expect(records('Lead').find((l) => l.id === id)?.status).toBe('In Process');
  });

  it('a reminder for a lead named in the sentence goes on that lead, never on the one the conversation was about', async () => {
    const talked = await seed('Lead', { firstName: 'Marc', lastName: 'Dubois' });
    const named = await seed('Lead', { firstName: 'Karim', lastName: 'Benali' });
    await say(MEMBER, 'trouve le lead Dubois');
    await say(MEMBER, "rappelle-moi d'appeler Karim Benali demain");
    const task = records('Task').find((t) => t.name === 'Appeler Karim Benali');
    expect(task).toMatchObject({ parentType: 'Lead', parentId: named.id });
    expect(records('Task').filter((t) => t.parentId === talked.id)).toHaveLength(0);
  });

  it('defaults said in words are kept under their key and applied: a lead source, the currency of amounts', async () => {
    expect(await say(ADMIN, 'our default lead source is Web Site')).toMatch(/Web Site/);
    expect(await say(ADMIN, 'on vend en euros')).toMatch(/EUR/);
    const memory = Object.fromEntries(
      (await h.db.admin`select key, value from tenant_memory where tenant_id = 'acme'`).map((r) => [
        r.key,
        r.value,
      ]),
    );
    expect(memory).toMatchObject({
      'default.Lead.source': 'Web Site',
      'default.Opportunity.amountCurrency': 'EUR',
    });
    await say(MEMBER, 'ajoute Paul Martin chez Martin Immo, paul@martin-immo.fr');
    expect(records('Lead').find((l) => l.emailAddress === 'paul@martin-immo.fr')).toMatchObject({
      source: 'Web Site',
    });
    await say(MEMBER, 'crée une opportunité Refonte pour Martin Immo, 5000');
    expect(records('Opportunity').find((o) => o.name === 'Refonte')).toMatchObject({
      amount: 5000,
      amountCurrency: 'EUR',
    });
    // The option named in other words ("our partners" is the option Partner) replaces the default.
    expect(await say(ADMIN, 'our new leads mostly come from our partners')).toMatch(/Partner/);
    const [source] = await h.db
      .admin`select value from tenant_memory where tenant_id = 'acme' and key = 'default.Lead.source'`;
    expect(source?.value).toBe('Partner');
    // A member states no defaults for the business: refused, and nothing kept.
    await say(MEMBER, 'we sell in dollars');
    const [row] = await h.db
      .admin`select value from tenant_memory where tenant_id = 'acme' and key = 'default.Opportunity.amountCurrency'`;
    expect(row?.value).toBe('EUR');
  });

  it('"call me Marie" is kept for this sender and used when MAX greets her', async () => {
    await say(OTHER, 'appelle-moi Marie');
    expect(await say(OTHER, 'salut')).toMatch(/^Bonjour Marie ! 👋/);
  });
});
