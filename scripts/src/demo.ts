/**
 * `npm run demo`: a scripted conversation through the real path (webhook → Worker → Queue →
 * agent → CRM → Green-API stand-in), printed as it happens, ending with one JSON line.
 * Exit 0 only when every expectation held.
 */

import { crmTour } from './demo/crm-tour.ts';
import { OUTREACH_LEADS_CREATED, outreachTour } from './demo/outreach-tour.ts';
import { scheduledAct } from './demo/scheduled-act.ts';
import { DEMO } from './stack/demo-tenant.ts';
import { startOrExplain } from './stack/start-or-explain.ts';
import { startStack } from './stack/start-stack.ts';
import { webhookClient } from './stack/webhook-client.ts';

// The script writes from the admin's chat far faster than a person (about 40 messages in a couple of
// minutes): the demo tenant may start 60 a minute per chat instead of 20, so the tour is not slowed
// by the per-chat rate (which the exchange below still handles: a notice, then the answer).
const stack = await startOrExplain(() =>
  startStack({
    quiet: true,
    testScheduled: true,
    seed: async (sql) => {
      await sql`update tenants set chat_messages_per_minute = 60 where id = ${DEMO.tenantId}`;
    },
  }),
);
const { urls, demo } = stack;
const wa = webhookClient(urls, demo.webhookToken, demo.idInstance);
const stats = {
  messages: 0,
  leadsCreated: 0,
  contactsCreated: 0,
  opportunitiesCreated: 0,
  leadsConverted: 0,
  customRecordsCreated: 0,
  merges: 0,
  replies: 0,
  duplicatesSuppressed: 0,
  rejected: 0,
  errors: 0,
  remindersSent: 0,
  digestsSent: 0,
  reportsSent: 0,
  outboundSent: 0,
  leadRepliesRouted: 0,
  rowsImported: 0,
};
/** Counted from MAX's replies, so each counter says what the CRM confirmed. */
const COUNTED: Array<[keyof typeof stats, RegExp]> = [
  ['leadsCreated', /Lead (créé|created)/],
  ['contactsCreated', /^✅ Contact (créé|created)/],
  ['opportunitiesCreated', /^✅ (Opportunité créée|Opportunity created)/],
  ['leadsConverted', /^🔁 Lead (converti|converted)/],
  ['customRecordsCreated', /^✅ (Mission MAX|Diagnostic IA|MAX mission|AI diagnostic) (créée?|created)/],
  ['merges', /^🔀 (Fusion faite|Merged into)/],
];
const failures: string[] = [];
const THROTTLED = /^⏳ (Vous envoyez beaucoup de messages|You are sending a lot of messages)/;
const STRANGER = '33699999999@c.us';

async function exchange(
  label: string,
  chatId: string,
  text: string,
  expect: RegExp | null,
  opts: { idMessage?: string; replies?: number } = {},
) {
  const since = (await wa.sent()).length;
  const sent = await wa.sendText(chatId, text, opts.idMessage);
  stats.messages++;
  if (sent.status !== 200) {
    stats.errors++;
    failures.push(`${label}: webhook answered ${sent.status}`);
    return null;
  }
  const want = opts.replies ?? 1;
  let replies = await wa.waitForReplies(chatId, since, Math.max(want, 1), want === 0 ? 3000 : 20_000);
  // A person who writes a lot in one minute is told once that MAX slows down, then answered when
  // the minute allows (a scripted demo writes faster than people): the answer comes after the notice.
  const notices = replies.filter((r) => THROTTLED.test(r.message)).length;
  if (notices > 0 && want > 0) replies = await wa.waitForReplies(chatId, since, want + notices, 75_000);
  stats.replies += replies.length;
  console.log(`\n[${label}] ${chatId.split('@')[0]} → MAX: ${text}`);
  for (const r of replies) console.log(`  MAX → ${r.message.replace(/\n/g, '\n        ')}`);
  if (want === 0 && replies.length > 0) failures.push(`${label}: expected no reply, got ${replies.length}`);
  if (want > 0 && replies.length - notices !== want)
    failures.push(`${label}: expected ${want} reply, got ${replies.length}`);
  if (expect && !replies.some((r) => expect.test(r.message)))
    failures.push(`${label}: reply did not match ${expect}`);
  for (const [counter, pattern] of COUNTED)
    if (replies.some((r) => pattern.test(r.message))) stats[counter]++;
  return { sent, replies };
}

let exitCode = 1;
try {
  console.log(
    `MAX demo — ${stack.model === 'rules' ? 'rules engine (no OPENAI_API_KEY)' : 'OpenAI model'}, EspoCRM ${stack.espoIsReal ? urls.espo : 'stand-in'}`,
  );
  await exchange(
    'FR create',
    demo.admin,
    'Salut MAX, crée un lead pour Test E2E, email e2e@test.com',
    /Lead créé : Test E2E .*\[[0-9a-f]{17}\]/,
  );
  await exchange('FR find', demo.admin, 'trouve le lead e2e@test.com', /Test E2E/);
  await exchange('FR status', demo.admin, 'passe Test E2E en cours', /In Process/);
  await exchange('FR note', demo.admin, 'ajoute une note à Test E2E : rappeler jeudi', /Note ajoutée/);
  await exchange('FR task', demo.admin, 'crée une tâche rappeler Test E2E demain', /Tâche créée/);
  const en = await exchange(
    'EN create',
    demo.member,
    "create a lead for John O'Brien at Acme Corp, email john@acme.co.uk",
    /Lead created: John O'Brien/,
  );
  await exchange('EN recent', demo.member, 'show recent leads', /John O'Brien/);

  // The same webhook delivered again (Green-API retries): no second lead, no second reply.
  if (en) {
    const since = (await wa.sent()).length;
    const again = await wa.sendRaw(en.sent.event);
    stats.messages++;
    const extra = await wa.waitForReplies(demo.member, since, 1, 3000);
    console.log(`\n[duplicate] the EN create webhook again → ${again.status}, ${extra.length} new reply`);
    if (again.status === 200 && extra.length === 0) stats.duplicatesSuppressed++;
    else failures.push('duplicate: a redelivered webhook produced a reply');
  }

  await crmTour(exchange, demo, (why) => failures.push(why));
  Object.assign(stats, await scheduledAct({ urls, demo, exchange, fail: (why) => failures.push(why) }));
  await outreachTour(
    exchange,
    {
      wa,
      putFile: (b, m) => stack.standIns.green.putFile(b, m),
      admin: demo.admin,
      idInstance: demo.idInstance,
    },
    stats,
    (why) => failures.push(why),
  );

  // A stranger gets one polite refusal, and nothing happens in the CRM.
  await exchange('unknown sender', STRANGER, 'crée un lead pour Intrus Malin', /autorisé|authorised/);
  await exchange('unknown sender again', STRANGER, 'crée un lead pour Intrus Malin', null, { replies: 0 });

  // A malformed webhook: 400 with a reason, nothing queued.
  const bad = await wa.sendRaw({
    typeWebhook: 'incomingMessageReceived',
    instanceData: { idInstance: Number(demo.idInstance) },
    timestamp: 1,
    idMessage: 'BAD-1',
    senderData: { chatId: demo.admin },
    messageData: { typeMessage: 'textMessage', textMessageData: {} },
  });
  stats.messages++;
  console.log(`\n[malformed] → ${bad.status} ${JSON.stringify(bad.body)}`);
  if (bad.status === 400) stats.rejected++;
  else failures.push(`malformed: expected 400, got ${bad.status}`);
  const unauth = await fetch(urls.webhook, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer wrong' },
    body: '{}',
  });
  stats.messages++;
  console.log(`[bad token] → ${unauth.status}`);
  if (unauth.status === 401) stats.rejected++;
  else failures.push(`bad token: expected 401, got ${unauth.status}`);

  // FR create, EN create, the lead converted, the two duplicates.
  const expected = {
    leadsCreated: 5 + OUTREACH_LEADS_CREATED,
    contactsCreated: 1,
    opportunitiesCreated: 1,
    leadsConverted: 1,
    customRecordsCreated: 1,
    merges: 1,
    outboundSent: 1,
    leadRepliesRouted: 1,
  };
  for (const [k, n] of Object.entries(expected) as Array<[keyof typeof stats, number]>)
    if (stats[k] !== n) failures.push(`expected ${k} ${n}, got ${stats[k]}`);
  for (const f of failures) console.log(`✘ ${f}`);
  exitCode = failures.length === 0 ? 0 : 1;
} catch (e) {
  stats.errors++;
  console.error('demo failed:', e);
} finally {
  await stack.stop();
}
console.log(JSON.stringify({ ...stats, ok: exitCode === 0 }));
process.exit(exitCode);
