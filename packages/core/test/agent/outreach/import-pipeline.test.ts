import { CSV_MIME, englishXlsx, frenchCsv, incomingDocument, XLSX_MIME } from '@max/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../pipeline/harness.ts';

const T = { id: 'imp', idInstance: '1101000861' };
const ADMIN = '33600000861@c.us';
const MEMBER = '33600000862@c.us';

type Msg = { chatId: string; message: string };
type Rec = Record<string, unknown>;

/** Spreadsheet imports through the real pipeline: preview, yes, batches, exactly once. */
describe('importing leads from a spreadsheet sent on WhatsApp', () => {
  let h: Harness;
  let n = 0;
  const doc = (bytes: Uint8Array, fileName: string, mimeType: string, caption: string, chatId = ADMIN) =>
    incomingDocument({
      idInstance: T.idInstance,
      chatId,
      idMessage: `IMP-DOC-${++n}`,
      downloadUrl: h.green.putFile(bytes, mimeType),
      fileName,
      mimeType,
      caption,
    });
  const say = (text: string, chatId = ADMIN) =>
    h.deliverUntilSettled(h.text(T.idInstance, chatId, text, `IMP-${++n}`));
  const lastTo = (chatId: string) =>
    (h.green.sent() as Msg[]).filter((m) => m.chatId === chatId).at(-1)?.message ?? '';
  const leads = (email: string) =>
    h.espo.state.records('Lead').filter((l: Rec) => String(l.emailAddress ?? '').toLowerCase() === email);

  beforeAll(async () => {
    h = await startHarness({ customizations: 'infra' });
    await h.seedTenant({ ...T, crmUrl: h.espo.url, admin: ADMIN, member: MEMBER });
    await say('ajoute Existing Person, deja.la@exemple.fr');
    expect(leads('deja.la@exemple.fr')).toHaveLength(1);
  });
  afterAll(() => h.close());

  it('a FR CSV gets a preview: columns mapped, invalid rows with their numbers, duplicates, the caps', async () => {
    const event = doc(frenchCsv(), 'leads-fr.csv', CSV_MIME, 'importe ces leads');
    await h.deliverUntilSettled(event);
    // The same document delivered again by the queue: no second preview.
    expect((await h.deliver(event)).body.duplicate).toBe(true);
    const preview = lastTo(ADMIN);
    expect(preview).toContain('leads-fr.csv : 9 lignes');
    expect(preview).toMatch(
      /Prénom → firstName, Nom → lastName, E-mail → emailAddress, Téléphone → phoneNumber, Société → accountName, Statut → status/,
    );
    expect(preview).toContain('Ignorées : Budget, Colonne inconnue');
    expect(preview).toContain('Nouveaux leads : 3');
    expect(preview).toMatch(/Déjà dans le CRM.*: 1 \(lignes 11\)/);
    expect(preview).toMatch(/En double dans le fichier.*: 1 \(lignes 8\)/);
    expect(preview).toMatch(
      /Invalides \(ignorées\) : 4 — ligne 4 : e-mail invalide.*ligne 5 : téléphone invalide.*ligne 7 : ni nom.*ligne 9 : valeur inconnue \(Statut\)/,
    );
    expect(preview).toMatch(/5 Mo et 5\s000 lignes/u);
    expect(leads('lea.roux@roux-fils.fr')).toHaveLength(0);
  });

  it('on yes the rows are imported once, and the report says what became of each', async () => {
    const yes = h.text(T.idInstance, ADMIN, 'oui', 'IMP-YES-1');
    await h.deliverUntilSettled(yes);
    expect((await h.deliver(yes)).body.duplicate).toBe(true);
    const report = lastTo(ADMIN);
    expect(report).toMatch(/créés : 3/);
    expect(report).toMatch(/complétés : 1/);
    expect(report).toMatch(/lignes invalides : 4/);
    for (const e of ['lea.roux@roux-fils.fr', 'karim@benali-conseil.fr', 'claire.petit@petit.fr'])
      expect(leads(e)).toHaveLength(1);
    expect(leads('claire.petit@petit.fr')[0]).toMatchObject({
      status: 'Assigned',
      phoneNumber: '+33612345605',
    });
    expect(leads('deja.la@exemple.fr')).toHaveLength(1);
    expect(leads('deja.la@exemple.fr')[0]).toMatchObject({ phoneNumber: '+33612345606' });
    const rows = await h.db.admin`
      select l.action, l.result, l.detail from max_logs l join inbound_messages m on m.id = l.message_id
       where m.id_message = 'IMP-YES-1'`;
    expect(rows.map((r) => [r.action, r.result])).toEqual([['import_records', 'ok']]);
  });

  it('the same file sent again creates nothing twice', async () => {
    await h.deliverUntilSettled(doc(frenchCsv(), 'leads-fr.csv', CSV_MIME, 'importe ces leads'));
    expect(lastTo(ADMIN)).toContain('Nouveaux leads : 0');
    await say('oui');
    expect(lastTo(ADMIN)).toMatch(/créés : 0/);
    expect(leads('lea.roux@roux-fils.fr')).toHaveLength(1);
  });

  it('an EN XLSX whose import is cut by a CRM failure is finished by the retry, each row once', async () => {
    await h.deliverUntilSettled(doc(await englishXlsx(), 'leads.xlsx', XLSX_MIME, 'import these leads'));
    const preview = lastTo(ADMIN);
    expect(preview).toContain('leads.xlsx: 6 rows');
    expect(preview).toContain('WhatsApp consent → cWhatsappConsent');
    expect(preview).toContain('New leads: 3');
    let posts = 0;
    h.setFetch(async (input, init) => {
      if (init?.method === 'POST' && /\/Lead$/.test(new URL(String(input)).pathname) && ++posts === 2) {
        await fetch(input, init);
        throw new TypeError('connection reset after the CRM wrote');
      }
      return fetch(input, init);
    });
    try {
      await say('yes');
    } finally {
      h.setFetch((i, x) => fetch(i, x));
    }
    expect(posts).toBeGreaterThanOrEqual(2);
    expect(lastTo(ADMIN)).toMatch(/created: 3/);
    for (const e of ['john.smith@acme.test', 'mary@jones.test', 'ann@lee.test'])
      expect(leads(e)).toHaveLength(1);
    expect(leads('john.smith@acme.test')[0]).toMatchObject({ cWhatsappConsent: 'Granted' });
  });

  it('a member cannot import; a file that is not a spreadsheet is not read as one', async () => {
    await h.deliverUntilSettled(doc(frenchCsv(), 'leads-fr.csv', CSV_MIME, 'importe ces leads', MEMBER));
    expect(lastTo(MEMBER)).toMatch(/Seul un administrateur/);
    await h.deliverUntilSettled(
      doc(new TextEncoder().encode('%PDF-1.4'), 'devis.pdf', 'application/pdf', 'importe'),
    );
    expect(lastTo(ADMIN)).not.toMatch(/lignes/);
  });
});
