import { incomingText } from '@max/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../pipeline/harness.ts';
import { apiUserId, crmOf, lastReply, minutesBetween } from './seed.ts';

/**
 * Issue 14 §2 through the real pipeline (rules engine, no model): calls, meetings in the tenant's
 * time zone (Europe/Paris), notes and tasks on any record, the agenda, tasks marked done — French
 * and English, member and admin, in a dedicated CRM. The stand-in has infra/scaleway-espocrm's metadata.
 */
const INSTANCE = '1101000041';
const ADMIN = '33600000041@c.us';
const MEMBER = '33600000042@c.us';
const T = Math.floor(Date.now() / 1000);
let n = 0;

describe('activities (dedicated CRM, rules engine)', () => {
  let h: Harness;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    h = await startHarness({ customizations: 'infra' });
    await h.seedTenant({
      id: 'acti',
      idInstance: INSTANCE,
      crmUrl: h.espo.url,
      admin: ADMIN,
      member: MEMBER,
    });
    const crm = crmOf(h.espo);
    ids.lead = (
      await crm.create('Lead', {
        firstName: 'Marie',
        lastName: 'Dupontel',
        emailAddress: 'marie@dupontel.fr',
      })
    ).record.id;
    ids.smith = (await crm.create('Lead', { firstName: 'Mary', lastName: 'Smithers' })).record.id;
    ids.account = (await crm.create('Account', { name: 'Boulangerie Dupontel' })).record.id;
    ids.contact = (await crm.create('Contact', { firstName: 'Paul', lastName: 'Contactin' })).record.id;
    ids.opp = (
      await crm.create('Opportunity', {
        name: 'Refonte vitrine',
        amount: 1000,
        closeDate: '2027-01-31',
        stage: 'Prospecting',
      })
    ).record.id;
    ids.mission = (
      await crm.create('MissionMAX', { name: 'Mission MAX – Boulangerie Dupontel', accountId: ids.account })
    ).record.id;
  });
  afterAll(() => h.close());

  const say = (chatId: string, text: string) =>
    h.deliver(
      incomingText({ idInstance: INSTANCE, chatId, text, idMessage: `ACT-${n++}`, timestamp: T + n }),
    );
  const records = (entity: string, parentId: string) =>
    h.espo.state.records(entity).filter((r) => r.parentId === parentId);

  it('calls (FR, member): "j\'ai appelé Dupontel, il rappelle lundi" logs a held call on the lead, 5 minutes, assigned to the API user', async () => {
    const before = Date.now();
    await say(MEMBER, "j'ai appelé Dupontel, il rappelle lundi");
    const [call] = records('Call', ids.lead!);
    expect(call).toMatchObject({
      status: 'Held',
      direction: 'Outbound',
      parentType: 'Lead',
      assignedUserId: apiUserId(h.espo),
      description: 'il rappelle lundi',
    });
    // dateStart is "now" (UTC, to the minute) and dateEnd is computed: a duration never sets it in 8.4.2.
    expect(Date.parse(`${String(call!.dateStart).replace(' ', 'T')}Z`)).toBeGreaterThan(before - 120_000);
    expect(minutesBetween(call!.dateStart, call!.dateEnd)).toBe(5);
    expect(lastReply(h.green, MEMBER)).toMatch(
      new RegExp(`📞 Appel enregistré avec Marie Dupontel .*\\[${ids.lead}\\].*5 min \\[${call!.id}\\]`),
    );
    expect(lastReply(h.green, MEMBER)).toMatch(/📝 il rappelle lundi/);
  });

  it('calls (EN, admin): "I called Mary Smithers yesterday at 3pm for 15 minutes: wants a quote" keeps the date, time and length said', async () => {
    await say(ADMIN, 'I called Mary Smithers yesterday at 3pm for 15 minutes: wants a quote');
    const [call] = records('Call', ids.smith!);
    const yesterday = new Date(Date.now() - 86_400_000).toLocaleDateString('en-CA', {
      timeZone: 'Europe/Paris',
    });
    // 15:00 in Paris is 14:00 UTC in winter, 13:00 UTC in summer.
    expect(String(call!.dateStart)).toMatch(new RegExp(`^${yesterday} 1[34]:00:00$`));
    expect(minutesBetween(call!.dateStart, call!.dateEnd)).toBe(15);
    expect(call!.description).toBe('wants a quote');
    expect(lastReply(h.green, ADMIN)).toMatch(
      /📞 Call logged with Mary Smithers .* at 15:00 \(Europe\/Paris\), 15 min/,
    );
  });

  it("meetings: the tenant's 10:00 is 09:00 UTC the day before the spring DST change and 08:00 UTC the day after, and the reply shows 10:00", async () => {
    await say(MEMBER, 'planifie un rendez-vous avec Dupontel le 27/03/2027 à 10h');
    await say(ADMIN, 'schedule a meeting with Dupontel on 2027-03-29 at 10am for 1h');
    const meetings = records('Meeting', ids.lead!).sort((a, b) =>
      String(a.dateStart).localeCompare(String(b.dateStart)),
    );
    expect(meetings.map((m) => [m.dateStart, m.dateEnd, m.status])).toEqual([
      ['2027-03-27 09:00:00', '2027-03-27 10:00:00', 'Planned'],
      ['2027-03-29 08:00:00', '2027-03-29 09:00:00', 'Planned'],
    ]);
    expect(meetings[0]!.assignedUserId).toBe(apiUserId(h.espo));
    expect(lastReply(h.green, MEMBER)).toMatch(
      /📅 Rendez-vous planifié : « RDV – Marie Dupontel » avec Marie Dupontel .*, samedi 27 mars 2027 à 10:00 \(Europe\/Paris\), 1 h \[/,
    );
    expect(lastReply(h.green, ADMIN)).toMatch(
      /📅 Meeting scheduled: .* with Marie Dupontel .*, Monday, March 29, 2027 at 10:00 \(Europe\/Paris\), 1 h \[/,
    );
  });

  it('meetings: each side of the autumn DST change too (2027-10-30 and 2027-11-01, Paris), with an account, a length and a subject', async () => {
    await say(MEMBER, 'rdv avec le compte Boulangerie Dupontel le 2027-10-30 à 10h pendant 2h');
    await say(MEMBER, 'rdv avec le compte Boulangerie Dupontel le 2027-11-01 à 10h30 : signature');
    const meetings = records('Meeting', ids.account!).sort((a, b) =>
      String(a.dateStart).localeCompare(String(b.dateStart)),
    );
    expect(meetings.map((m) => [m.dateStart, m.dateEnd, m.parentType, m.name])).toEqual([
      ['2027-10-30 08:00:00', '2027-10-30 10:00:00', 'Account', 'RDV – Boulangerie Dupontel'],
      ['2027-11-01 09:30:00', '2027-11-01 10:30:00', 'Account', 'signature'],
    ]);
  });

  it('meetings: without a time nothing is planned and MAX asks for it', async () => {
    const before = h.espo.state.records('Meeting').length;
    await say(MEMBER, 'planifie un rdv avec Dupontel demain');
    expect(h.espo.state.records('Meeting')).toHaveLength(before);
    expect(lastReply(h.green, MEMBER)).toMatch(/À quelle heure \?/);
    await say(ADMIN, 'book a meeting with Dupontel tomorrow');
    expect(lastReply(h.green, ADMIN)).toMatch(/At what time\?/);
  });

  it('notes on any record: account, opportunity, contact (FR and EN), and the lead as before', async () => {
    await say(MEMBER, 'ajoute une note au compte Boulangerie Dupontel : livraison mardi');
    await say(ADMIN, "note pour l'opportunité Refonte vitrine : budget validé");
    await say(ADMIN, 'add a note to the contact Paul Contactin: prefers mornings');
    await say(MEMBER, 'note pour Marie Dupontel : relancer');
    const post = (id: string) =>
      h.espo.state.records('Note').filter((x) => x.parentId === id && x.type === 'Post');
    expect(post(ids.account!).map((x) => [x.parentType, x.post])).toEqual([['Account', 'livraison mardi']]);
    expect(post(ids.opp!).map((x) => [x.parentType, x.post])).toEqual([['Opportunity', 'budget validé']]);
    expect(post(ids.contact!).map((x) => [x.parentType, x.post])).toEqual([['Contact', 'prefers mornings']]);
    expect(post(ids.lead!).map((x) => x.post)).toEqual(['relancer']);
    expect(lastReply(h.green, MEMBER)).toMatch(/📝 Note ajoutée à Marie Dupontel/);
    expect(lastReply(h.green, ADMIN)).toMatch(
      new RegExp(`📝 Note added to Paul Contactin \\[${ids.contact}\\]`),
    );
  });

  it('notes: an e-mail or phone nobody has is "not found" (an opportunity has neither: it is not asked, never a CRM refusal)', async () => {
    const before = h.espo.state.records('Note').length;
    await say(MEMBER, 'ajoute une note à personne@nulle-part.fr : rappeler');
    expect(lastReply(h.green, MEMBER)).toMatch(/Je ne trouve aucun lead pour « personne@nulle-part\.fr »/);
    await say(ADMIN, 'add a note to +33 6 99 88 77 66: call back');
    expect(lastReply(h.green, ADMIN)).toMatch(/I can.t find a lead for "\+33 6 99 88 77 66"/);
    expect(h.espo.state.records('Note')).toHaveLength(before);
  });

  it('notes: a mission has no stream in EspoCRM, so the note is refused with the records that can take one', async () => {
    await say(MEMBER, 'note sur la mission Dupontel : kick-off fait');
    expect(h.espo.state.records('Note').filter((x) => x.parentId === ids.mission)).toHaveLength(0);
    expect(lastReply(h.green, MEMBER)).toMatch(
      /ne permet pas d'attacher une note à une mission MAX \(possible : lead, contact, compte, opportunité/,
    );
  });

  it('tasks on any record, with a local due time: "crée une tâche pour le compte … : envoyer le devis le 2027-03-29 à 15h"', async () => {
    await say(
      MEMBER,
      'crée une tâche pour le compte Boulangerie Dupontel : envoyer le devis le 2027-03-29 à 15h',
    );
    const [task] = records('Task', ids.account!);
    expect(task).toMatchObject({
      name: 'Envoyer le devis',
      parentType: 'Account',
      status: 'Not Started',
      dateEnd: '2027-03-29 13:00:00',
    });
    expect(lastReply(h.green, MEMBER)).toMatch(
      /📌 Tâche créée : « Envoyer le devis » pour Boulangerie Dupontel .*échéance 2027-03-29 15:00/,
    );
    await say(ADMIN, 'create a task for the opportunity Refonte vitrine: send the mock-ups tomorrow');
    expect(records('Task', ids.opp!).map((t) => [t.name, t.parentType])).toEqual([
      ['Send the mock-ups', 'Opportunity'],
    ]);
  });

  it('upcoming tasks and meetings: "mes tâches", "show my upcoming meetings", "rendez-vous à venir avec Dupontel" list what is open, in local time', async () => {
    await say(MEMBER, 'mes tâches');
    const tasks = lastReply(h.green, MEMBER);
    expect(tasks).toMatch(/🗓️ À venir :/);
    expect(tasks).toMatch(
      /📌 échéance lundi 29 mars 2027 à 15:00 — Envoyer le devis · Boulangerie Dupontel \[/,
    );
    await say(ADMIN, 'show my upcoming meetings');
    const meetings = lastReply(h.green, ADMIN);
    expect(meetings).toMatch(
      /📅 Saturday, March 27, 2027 at 10:00 — RDV – Marie Dupontel · Marie Dupontel \[/,
    );
    expect(meetings).not.toMatch(/📌/);
    await say(MEMBER, 'rendez-vous à venir avec le compte Boulangerie Dupontel');
    const forAccount = lastReply(h.green, MEMBER);
    expect(forAccount).toMatch(/À venir pour Boulangerie Dupontel/);
    expect(forAccount).toMatch(/signature/);
    expect(forAccount).not.toMatch(/Marie Dupontel/);
  });

  it('mark a task done (FR and EN), by its name or the record it is about', async () => {
    await say(MEMBER, 'marque la tâche envoyer le devis comme faite');
    expect(records('Task', ids.account!)[0]!.status).toBe('Completed');
    expect(lastReply(h.green, MEMBER)).toMatch(
      /✅ Tâche terminée : Envoyer le devis (\(Boulangerie Dupontel\) )?\[/,
    );
    await say(ADMIN, 'mark the task of Refonte vitrine as done');
    expect(records('Task', ids.opp!)[0]!.status).toBe('Completed');
    expect(lastReply(h.green, ADMIN)).toMatch(/✅ Task done: Send the mock-ups .*\[/);
    await say(MEMBER, 'mes tâches');
    expect(lastReply(h.green, MEMBER)).not.toMatch(/Envoyer le devis/);
  });

  it('calls: "Dupontel m\'a appelé" is an incoming call; a call on a mission is refused (Call parents come from the metadata)', async () => {
    await say(ADMIN, "Dupontel m'a appelé, il veut un devis");
    const inbound = records('Call', ids.lead!).find((c) => c.description === 'il veut un devis');
    expect(inbound?.direction).toBe('Inbound');
    expect(lastReply(h.green, ADMIN)).toMatch(/📞 Appel reçu enregistré avec Marie Dupontel/);
    await say(ADMIN, "j'ai appelé la mission Dupontel");
    expect(h.espo.state.records('Call').filter((c) => c.parentId === ids.mission)).toHaveLength(0);
    expect(lastReply(h.green, ADMIN)).toMatch(/ne permet pas d'attacher un appel à une mission MAX/);
  });
});
