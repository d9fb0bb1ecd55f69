/**
 * `npm run chat`: a WhatsApp simulator in the terminal against the running `npm run dev` stack.
 * Type as a user; /as admin|member|<phone> switches the sender; /quit leaves.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { ROOT } from './stack/start-stack.ts';
import { webhookClient } from './stack/webhook-client.ts';

const file = join(ROOT, '.max-dev.json');
if (!existsSync(file)) {
  console.error('The local stack is not running: start it with `npm run dev` in another terminal.');
  process.exit(2);
}
const { urls, demo } = JSON.parse(readFileSync(file, 'utf8')) as {
  urls: { webhook: string; green: string };
  demo: { idInstance: string; admin: string; member: string; webhookToken: string };
};
const wa = webhookClient(urls, demo.webhookToken, demo.idInstance);
let sender = demo.admin;
const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
const prompt = () => rl.setPrompt(`${sender.split('@')[0]}> `);
console.log(
  `WhatsApp simulator — instance ${demo.idInstance}. You are ${sender} (admin). /as member, /as admin, /as 336…, /quit`,
);
const ask = () => {
  prompt();
  if (process.stdin.isTTY) rl.prompt();
};
ask();
// Line by line, so it works typed in a terminal and piped from a file alike.
for await (const raw of rl) {
  const line = raw.trim();
  if (line === '/quit' || line === '/exit') break;
  if (line.startsWith('/as ')) {
    const who = line.slice(4).trim();
    sender = who === 'admin' ? demo.admin : who === 'member' ? demo.member : `${who.replace(/\D/g, '')}@c.us`;
    console.log(`  (now writing as ${sender})`);
  } else if (line) {
    if (!process.stdin.isTTY) console.log(`${sender.split('@')[0]}> ${line}`);
    const since = (await wa.sent()).length;
    const res = await wa.sendText(sender, line);
    if (res.status !== 200) console.log(`  webhook answered ${res.status}: ${JSON.stringify(res.body)}`);
    else {
      const replies = await wa.waitForReplies(sender, since, 1, 15_000);
      if (!replies.length) console.log('  (no reply)');
      for (const r of replies) console.log(`MAX> ${r.message.replace(/\n/g, '\n     ')}`);
    }
  }
  ask();
}
rl.close();
