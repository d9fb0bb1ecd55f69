/** `npm run dev`: the whole local stack, until Ctrl-C. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startOrExplain } from './stack/start-or-explain.ts';
import { ROOT, startStack } from './stack/start-stack.ts';

const stack = await startOrExplain(startStack);
const { urls, demo } = stack;
// `npm run chat` reads where the stack listens and the demo's webhook token from here.
export const STATE_FILE = join(ROOT, '.max-dev.json');
writeFileSync(STATE_FILE, JSON.stringify({ urls, demo }, null, 2));
const keys = JSON.stringify(stack.keyring);
const curl = `curl -s ${urls.webhook} -H 'content-type: application/json' -H 'authorization: Bearer ${demo.webhookToken}' \\
  -d '{"typeWebhook":"incomingMessageReceived","instanceData":{"idInstance":${demo.idInstance},"wid":"${demo.idInstance}@c.us","typeInstance":"whatsapp"},"timestamp":'$(date +%s)',"idMessage":"DEV-'$(date +%s%N)'","senderData":{"chatId":"${demo.admin}","sender":"${demo.admin}","senderName":"Admin"},"messageData":{"typeMessage":"textMessage","textMessageData":{"textMessage":"Salut MAX, crée un lead pour Test E2E, email e2e@test.com"}}}'`;
const people = stack.demoUsers
  .map(
    (u) =>
      `  ${u.key.padEnd(9)}${u.email.padEnd(22)}${u.password.padEnd(21)}${u.role ? `${u.role} of "${demo.tenantId}"` : 'no tenant (the operator: provisioning API)'}`,
  )
  .join('\n');
console.log(`
MAX is running.
  Web console        ${urls.console}
  Worker (webhook)   ${urls.webhook}
  Worker health      ${urls.worker}/api/health
  Agent function     ${urls.agent}
  EspoCRM            ${urls.espo}${stack.espoIsReal ? ' (ESPO_URL)' : ' (stand-in; API key demo-api-key, admin admin/admin-password)'}
  Green-API          ${urls.green}   sent messages: ${urls.green}/sandbox/messages
  Database           ${urls.db}${process.env.DATABASE_URL ? '' : ' (PGlite, in memory)'}
  Supabase Auth      ${urls.auth}/auth/v1   (stand-in; magic-link e-mails: ${urls.auth}/sandbox/mail)

Sign in to the console (${urls.console}) as:
${people}
Operator console (tenant list, onboarding wizard): ${urls.console}#/operator
  unlock it with this run's operator key (kept in the tab's memory only): ${stack.operatorKey}

Demo tenant "${demo.tenantId}": instance ${demo.idInstance}, admin ${demo.admin}, member ${demo.member}
Webhook token: ${demo.webhookToken}
Model: ${stack.model === 'openai' ? 'OpenAI (OPENAI_API_KEY)' : 'no OPENAI_API_KEY: the built-in rules engine answers (FR/EN)'}

Try:  npm run chat            (a WhatsApp simulator in another terminal)
      DATABASE_URL=${urls.db} MAX_SECRET_KEYS='${keys}' npm run tenant -- list
      (manage tenants while it runs; this dev key lives only as long as this run)
      curl -s ${urls.worker}/api/admin/tenants -H 'authorization: Bearer ${stack.operatorKey}'
      (the operator API, with this run's dev operator key: README, Operate)
  or: ${curl}
      then: curl -s ${urls.green}/sandbox/messages
Ctrl-C stops everything.
`);
let stopping = false;
const shutdown = async () => {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping…');
  await stack.stop();
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
