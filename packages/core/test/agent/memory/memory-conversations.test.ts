import { incomingText } from '@max/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../pipeline/harness.ts';

/**
 * Issue 14 §1 through the real pipeline (Postgres, the EspoCRM and Green-API stand-ins over HTTP),
 * with the rules engine (no model key): admins teach MAX the business from WhatsApp, members read
 * it back, defaults are applied when leads are created, limits answer clearly, each change is audited.
 */
const ACME = { id: 'acme', instance: '1101000001', admin: '33600000001@c.us', member: '33600000002@c.us' };
const GLOBEX = {
  id: 'globex',
  instance: '1101000002',
  admin: '33600000003@c.us',
  member: '33600000004@c.us',
};
const GROUP = '120363000000000001@g.us';

describe('tenant memory from WhatsApp (rules engine)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    h.espo.addField('Lead', 'cTenantId', { type: 'varchar', maxLength: 64, isCustom: true });
    await h.seedTenant({
      id: ACME.id,
      idInstance: ACME.instance,
      crmUrl: h.espo.url,
      admin: ACME.admin,
      member: ACME.member,
      groupsEnabled: true,
      // One admin says a lot in this suite: more than the default 20 messages a minute.
      chatMessagesPerMinute: 600,
    });
    await h.seedTenant({
      id: GLOBEX.id,
      idInstance: GLOBEX.instance,
      crmUrl: h.espo.url,
      mode: 'shared',
      admin: GLOBEX.admin,
      member: GLOBEX.member,
      locale: 'en',
      chatMessagesPerMinute: 600,
    });
  });
  afterAll(() => h.close());

  const say = async (t: { instance: string }, chatId: string, text: string) => {
    const res = await h.deliver(h.text(t.instance, chatId, text));
    expect(res.status).toBe(200);
    return h.green
      .sent()
      .filter((m) => m.chatId === chatId)
      .at(-1)!.message;
  };
  const memoryOf = async (tenant: string) =>
    Object.fromEntries(
      (await h.db.admin`select key, value from tenant_memory where tenant_id = ${tenant}`).map((r) => [
        r.key,
        r.value,
      ]),
    );
  const auditOf = (tenant: string, action: string) =>
    h.db.admin`select actor, action, target_entity, target_id, result, detail, message_id
                 from max_logs where tenant_id = ${tenant} and action = ${action} order by id`;
  const lead = (email: string) => h.espo.state.records('Lead').find((l) => l.emailAddress === email);

  it('an admin teaches the profile in French; a member reads it back; each change is audited by key, never by value', async () => {
    const reply = await say(ACME, ACME.admin, 'retiens que nous sommes une agence immobilière à Lyon');
    expect(reply).toBe("🧠 C'est noté — Secteur : agence immobilière à Lyon");
    expect(await memoryOf('acme')).toEqual({ 'profile.sector': 'agence immobilière à Lyon' });

    const [tool] = await auditOf('acme', 'remember');
    expect(tool).toMatchObject({
      actor: ACME.admin,
      result: 'ok',
      detail: { audit: { keys: ['profile.sector'] } },
    });
    const [change] = await auditOf('acme', 'memory_set');
    expect(change).toMatchObject({
      actor: ACME.admin,
      target_entity: 'TenantMemory',
      target_id: 'profile.sector',
      detail: { chars: 25, replaced: false },
    });
    expect(change!.message_id).toBeTruthy();
    // The value (it could be personal) is nowhere in the append-only audit log.
    const [leak] = await h.db
      .admin`select count(*)::int as n from max_logs where detail::text ilike '%immobili%'`;
    expect(leak!.n).toBe(0);

    const read = await say(ACME, ACME.member, "qu'est-ce que tu sais de nous ?");
    expect(read).toBe(
      '🧠 Ce que je sais de votre entreprise (1 élément) :\n• Secteur : agence immobilière à Lyon',
    );
  });

  it('remembering a profile field again replaces it, and says what it replaced', async () => {
    const reply = await say(
      ACME,
      ACME.admin,
      'retiens que nous sommes une agence immobilière à Villeurbanne',
    );
    expect(reply).toContain(
      'Secteur : agence immobilière à Villeurbanne\n(remplace : agence immobilière à Lyon)',
    );
    expect((await memoryOf('acme'))['profile.sector']).toBe('agence immobilière à Villeurbanne');
    expect((await auditOf('acme', 'memory_set')).at(-1)).toMatchObject({ detail: { replaced: true } });
  });

  it('English — goals are numbered, a member reads them back in English', async () => {
    expect(await say(ACME, ACME.admin, 'remember that our goal is 20 new leads a month')).toBe(
      '🧠 Got it — Goal 1: 20 new leads a month',
    );
    expect(await say(ACME, ACME.admin, 'remember that our goal is 5 signed mandates a month')).toBe(
      '🧠 Got it — Goal 2: 5 signed mandates a month',
    );
    // The same goal twice is one entry.
    expect(await say(ACME, ACME.admin, 'remember that our goal is 20 new leads a month')).toMatch(
      /already knew/,
    );
    const read = await say(ACME, ACME.member, 'what are our goals?');
    expect(read).toBe(
      '🧠 What I know about your business (2 entries):\n• Goal 1: 20 new leads a month\n• Goal 2: 5 signed mandates a month',
    );
  });

  it('a member may read, never write: remember and forget are refused, nothing changes', async () => {
    const before = await memoryOf('acme');
    expect(await say(ACME, ACME.member, 'retiens que nous sommes une boulangerie')).toMatch(
      /réservée aux administrateurs/,
    );
    expect(await say(ACME, ACME.member, 'forget goal 1')).toMatch(/only administrators/);
    expect(await say(ACME, ACME.member, 'oublie tout')).toMatch(/réservée aux administrateurs/);
    expect(await memoryOf('acme')).toEqual(before);
    const denied = await h.db.admin`select action from max_logs
      where tenant_id = 'acme' and actor = ${ACME.member} and result = 'denied' order by id`;
    expect(denied.map((r) => r.action)).toEqual(['remember', 'forget', 'forget_all']);
  });

  it('the default lead source ("leads from the website are source Web") is checked against the CRM and applied to the rules engine\'s leads', async () => {
    // "Web" is taken as the CRM's own option, "Web Site".
    expect(await say(ACME, ACME.admin, 'remember that leads from the website are source Web')).toBe(
      '🧠 Got it — Default source (leads): Web Site',
    );
    expect((await memoryOf('acme'))['default.Lead.source']).toBe('Web Site');
    await say(ACME, ACME.member, 'crée un lead Paul Martin, email paul@martin-immo.fr');
    expect(lead('paul@martin-immo.fr')).toMatchObject({ lastName: 'Martin', source: 'Web Site' });

    // A value the CRM does not have is refused with the values it has; nothing is remembered.
    const wrong = await say(ACME, ACME.admin, 'retiens que la source par défaut des leads est Salon');
    expect(wrong).toMatch(/« source » n'est pas valide \(valeurs possibles : Call, Email, .*Web Site/);
    expect((await memoryOf('acme'))['default.Lead.source']).toBe('Web Site');
  });

  it('shared mode — the default applies with the tenant value, and nothing of acme reaches globex', async () => {
    expect(await say(GLOBEX, GLOBEX.member, 'what do you know about us?')).toMatch(
      /^I don't know anything about your business yet/,
    );
    await say(GLOBEX, GLOBEX.admin, 'remember the default lead source is Partner');
    await say(GLOBEX, GLOBEX.member, 'create a lead Jane Roe, email jane@globex.com');
    expect(lead('jane@globex.com')).toMatchObject({ cTenantId: 'globex', source: 'Partner' });
    // acme's default is acme's: its next lead keeps Web Site, globex's Partner never crosses.
    await say(ACME, ACME.member, 'crée un lead Luc Noir, email luc@noir-immo.fr');
    expect(lead('luc@noir-immo.fr')).toMatchObject({ source: 'Web Site' });
    expect(Object.keys(await memoryOf('globex'))).toEqual(['default.Lead.source']);
    expect(await say(GLOBEX, GLOBEX.member, 'what do you know about us?')).not.toMatch(
      /immobili|Goal|Villeurbanne/,
    );
  });

  it('forgetting — by number, by topic, not found, ambiguous; each deletion audited', async () => {
    await say(ACME, ACME.admin, 'retiens que le client Martin paie en retard');
    await say(ACME, ACME.admin, 'retiens que le client Martin préfère le téléphone');
    expect(await say(ACME, ACME.admin, 'oublie la note sur Martin')).toMatch(
      /^Plusieurs éléments correspondent, lequel dois-je oublier \? Rien n'a été oublié\.\n• Note 1 : le client Martin paie en retard\n• Note 2 : le client Martin préfère le téléphone/,
    );
    expect(await say(ACME, ACME.admin, 'oublie la note 1')).toBe(
      "🧹 J'ai oublié :\n• Note 1 : le client Martin paie en retard",
    );
    expect(await say(ACME, ACME.admin, 'forget goal 2')).toBe(
      '🧹 Forgotten:\n• Goal 2: 5 signed mandates a month',
    );
    expect(await say(ACME, ACME.admin, 'oublie la source par défaut des leads')).toBe(
      "🧹 J'ai oublié :\n• source par défaut (leads) : Web Site",
    );
    expect(await say(ACME, ACME.admin, 'oublie les horaires')).toBe(
      "Je n'ai rien retenu qui corresponde à « les horaires ».",
    );
    const mem = await memoryOf('acme');
    expect(Object.keys(mem).sort()).toEqual(['goal.1', 'note.2', 'profile.sector']);
    const deletes = await auditOf('acme', 'memory_delete');
    expect(deletes.map((r) => r.target_id)).toEqual(['note.1', 'goal.2', 'default.Lead.source']);
    // Without the default, a new lead has no source.
    await say(ACME, ACME.member, 'crée un lead Eve Blanc, email eve@blanc-immo.fr');
    expect(lead('eve@blanc-immo.fr')?.source ?? '').toBe('');
    // A new note takes the next number, never reuses a forgotten one in between.
    expect(await say(ACME, ACME.admin, 'retiens que la rentrée est notre pic de demandes')).toMatch(/Note 3/);
  });

  it('limits — a value over 500 characters and a 51st entry get a clear reply; replacing an entry still works when full', async () => {
    const long = `retiens que ${'très '.repeat(120)}important`;
    expect(await say(ACME, ACME.admin, long)).toMatch(
      /^⚠️ C'est trop long à retenir \(\d{3} caractères, 500 au plus\)/,
    );
    const count = Object.keys(await memoryOf('acme')).length;
    for (let i = 0; i < 50 - count; i++)
      await h.db
        .admin`insert into tenant_memory (tenant_id, key, value) values ('acme', ${`note.${100 + i}`}, ${`filler ${i}`})`;
    expect(Object.keys(await memoryOf('acme'))).toHaveLength(50);
    expect(await say(ACME, ACME.admin, 'retiens que notre ton est chaleureux')).toBe(
      "⚠️ Ma mémoire est pleine (50 éléments) : rien n'a été retenu. Faites de la place, par exemple « oublie la note 1 », puis renvoyez la demande.",
    );
    expect(await say(ACME, ACME.admin, 'remember that our goal is 30 new leads a month')).toMatch(
      /^⚠️ My memory is full \(50 entries\)/,
    );
    expect(await say(ACME, ACME.admin, 'retiens que nous sommes une agence immobilière à Lyon')).toMatch(
      /remplace/,
    );
    expect(Object.keys(await memoryOf('acme'))).toHaveLength(50);
    await h.db.admin`delete from tenant_memory where tenant_id = 'acme' and key like 'note.1__'`;
  });

  it('"oublie tout" asks for a confirmation first, then forgets every entry (one audit row each)', async () => {
    const keys = Object.keys(await memoryOf('acme'));
    expect(keys.length).toBeGreaterThan(1);
    expect(await say(ACME, ACME.admin, 'oublie tout')).toMatch(
      new RegExp(
        `^⚠️ Oublier tout ce que je sais de votre entreprise \\(${keys.length} éléments : [^{}]*\\) \\? Cela ne touche pas au CRM\\.\\n`,
      ),
    );
    expect(Object.keys(await memoryOf('acme'))).toEqual(expect.arrayContaining(keys));
    expect(await say(ACME, ACME.admin, 'oui')).toBe(`🧹 J'ai tout oublié (${keys.length} éléments).`);
    expect(await memoryOf('acme')).toEqual({});
    const deleted = (await auditOf('acme', 'memory_delete')).map((r) => r.target_id);
    for (const k of keys) expect(deleted).toContain(k);
    expect(await say(ACME, ACME.member, 'que sais-tu de nous ?')).toMatch(
      /^Je ne sais encore rien de votre entreprise/,
    );
  });

  it('per-user facts live with the sender: a name, a reply language used from the next message on', async () => {
    expect(await say(ACME, ACME.member, 'appelle-moi Marie')).toBe('👋 Entendu, je vous appellerai Marie.');
    // The confirmation comes in the language asked for.
    expect(await say(ACME, ACME.member, 'réponds-moi en anglais')).toBe("I'll reply in English from now on.");
    const [row] = await h.db.admin`select preferred_name, preferred_language from whatsapp_senders
                                    where tenant_id = 'acme' and chat_id = ${ACME.member}`;
    expect(row).toEqual({ preferred_name: 'Marie', preferred_language: 'en' });
    // Written in French, answered in English; the recall shows the sender's own facts.
    expect(await say(ACME, ACME.member, "qu'est-ce que tu sais de nous ?")).toBe(
      'I don\'t know anything about your business yet. An administrator can teach me: "remember that we are a real estate agency in Lyon".\n👤 You: Marie · replies in English',
    );
    expect(await say(ACME, ACME.member, 'crée un lead Zoé Roux')).toMatch(/^✅ Lead created: Zoé Roux/);
    expect(await say(ACME, ACME.member, 'reply in French')).toBe('Je vous répondrai désormais en français.');
    // Another sender of the tenant is untouched; the change is audited without the name.
    const [other] = await h.db
      .admin`select preferred_name from whatsapp_senders where tenant_id = 'acme' and chat_id = ${ACME.admin}`;
    expect(other!.preferred_name).toBeNull();
    const facts = await auditOf('acme', 'sender_facts');
    expect(facts.map((r) => r.detail)).toEqual([
      { fields: ['name'] },
      { fields: ['language'], language: 'en' },
      { fields: ['language'], language: 'fr' },
    ]);
  });

  it('in a group, what MAX knows about the business goes to the sender privately', async () => {
    await say(ACME, ACME.admin, 'retiens que nous sommes une agence immobilière à Lyon');
    await h.deliver(
      incomingText({
        idInstance: ACME.instance,
        chatId: GROUP,
        sender: ACME.member,
        text: "MAX, qu'est-ce que tu sais de nous ?",
      }),
    );
    const inGroup = h.green.sent().filter((m) => m.chatId === GROUP);
    expect(inGroup.at(-1)?.message).toMatch(/réponse en message privé|répondu en message privé/);
    expect(inGroup.some((m) => m.message.includes('immobilière'))).toBe(false);
    expect(
      h.green
        .sent()
        .filter((m) => m.chatId === ACME.member)
        .at(-1)?.message,
    ).toMatch(/Secteur : agence immobilière à Lyon/);
  });
});
