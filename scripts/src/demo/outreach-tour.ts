/**
 * The demo's act "MAX toward the business's customers" (rules engine): a message to a lead refused
 * without consent, sent once consent is recorded (Green-API's id in the reply), the lead's answer
 * passed to the team instead of being answered, the lead's STOP honoured, and a spreadsheet
 * imported after its preview. Counts come from what MAX and the Green-API stand-in report.
 */
import { CSV_MIME, frenchCsv, incomingDocument } from '@max/sandbox';
import type { Exchange } from './crm-tour.ts';

/** Leads this act creates by message (the demo's leadsCreated counts them). */
export const OUTREACH_LEADS_CREATED = 1;

export interface OutreachCounts {
  outboundSent: number;
  leadRepliesRouted: number;
  rowsImported: number;
}

interface Wire {
  sendText(chatId: string, text: string): Promise<{ status: number }>;
  sendRaw(body: unknown): Promise<{ status: number }>;
  sent(since?: number, chatId?: string): Promise<Array<{ message: string; chatId: string }>>;
  waitForReplies(
    chatId: string,
    since: number,
    n: number,
    timeoutMs: number,
  ): Promise<Array<{ message: string }>>;
}

const LEAD = '33698765432@c.us';

export async function outreachTour(
  exchange: Exchange,
  o: { wa: Wire; putFile: (bytes: Uint8Array, mime: string) => string; admin: string; idInstance: string },
  counts: OutreachCounts,
  fail: (why: string) => void,
): Promise<void> {
  const { wa, admin } = o;
  await exchange(
    'FR lead with a phone',
    admin,
    'ajoute Inès Carpentier, 06 98 76 54 32',
    /Lead créé : Inès Carpentier/,
  );
  await exchange(
    'FR WhatsApp, no consent',
    admin,
    'envoie un WhatsApp à Inès Carpentier : votre devis est prêt',
    /aucun consentement WhatsApp/,
  );
  await exchange(
    'FR consent',
    admin,
    'Inès Carpentier accepte les messages WhatsApp',
    /Consentement WhatsApp enregistré/,
  );
  const before = (await wa.sent(0, LEAD)).length;
  await exchange(
    'FR WhatsApp to a lead',
    admin,
    'envoie un WhatsApp à Inès Carpentier : votre devis est prêt',
    /WhatsApp envoyé à Inès Carpentier[\s\S]*Green-API : \S+/,
  );
  const delivered = (await wa.sent(0, LEAD)).slice(before);
  console.log(
    `  (Green-API stand-in → ${LEAD.split('@')[0]}: ${delivered.map((m) => m.message).join(' | ')})`,
  );
  if (delivered.length === 1 && delivered[0]!.message === 'votre devis est prêt') counts.outboundSent++;
  else fail(`outbound: expected one message to the lead, got ${delivered.length}`);

  // The lead answers: MAX does not answer them, the team hears of it.
  const sinceAdmin = (await wa.sent()).length;
  await wa.sendText(LEAD, 'Merci ! Je peux passer jeudi pour en parler ?');
  const told = await wa.waitForReplies(admin, sinceAdmin, 1, 20_000);
  const answeredLead = (await wa.sent(sinceAdmin, LEAD)).length;
  console.log(`\n[lead reply] ${LEAD.split('@')[0]} → MAX: Merci ! Je peux passer jeudi pour en parler ?`);
  for (const r of told) console.log(`  MAX → admin: ${r.message.replace(/\n/g, '\n        ')}`);
  if (told.some((r) => /Inès Carpentier \(lead\) a écrit sur WhatsApp/.test(r.message)) && answeredLead === 0)
    counts.leadRepliesRouted++;
  else fail('lead reply: the owner was not told, or MAX answered the lead');
  const sinceStop = (await wa.sent()).length;
  await exchange('lead STOP', LEAD, 'STOP', /ne recevrez plus de messages/);
  // The team hears of the STOP too (before the next exchange counts its own reply).
  const stopNotice = await wa.waitForReplies(admin, sinceStop, 1, 20_000);
  if (!stopNotice.some((r) => /a répondu STOP/.test(r.message))) fail('lead STOP: the team was not told');
  await exchange(
    'FR WhatsApp after STOP',
    admin,
    'envoie un WhatsApp à Inès Carpentier : une dernière chose',
    /a répondu STOP/,
  );

  // A spreadsheet sent on WhatsApp: preview, then "oui".
  const since = (await wa.sent()).length;
  const doc = await wa.sendRaw(
    incomingDocument({
      idInstance: o.idInstance,
      chatId: admin,
      downloadUrl: o.putFile(frenchCsv(), CSV_MIME),
      fileName: 'leads-fr.csv',
      mimeType: CSV_MIME,
      caption: 'importe ces leads',
    }),
  );
  const preview = await wa.waitForReplies(admin, since, 1, 20_000);
  console.log('\n[import] admin → MAX: (leads-fr.csv) importe ces leads');
  for (const r of preview) console.log(`  MAX → ${r.message.replace(/\n/g, '\n        ')}`);
  const fresh = Number(/Nouveaux leads : (\d+)/.exec(preview[0]?.message ?? '')?.[1] ?? -1);
  if (doc.status !== 200 || fresh < 1) fail('import: no preview with new leads');
  const done = await exchange('FR import yes', admin, 'oui', /Import leads-fr\.csv terminé/);
  const created = Number(/créés : (\d+)/.exec(done?.replies[0]?.message ?? '')?.[1] ?? -1);
  if (created === fresh) counts.rowsImported += created;
  else fail(`import: the preview announced ${fresh} new leads, the report says ${created} created`);
}
