import { replayMessage } from '../stack/replay.ts';
import { type CliCommand, tenantAnd } from './command.ts';

/** A dead message handed to the agent again, and what became of it. */
export const replay: CliCommand = {
  name: 'replay',
  usage:
    'replay <id> <idMessage>             run a dead message again (needs AGENT_URL, AGENT_SHARED_SECRET)',
  async run(ctx) {
    const [id, idMessage] = tenantAnd(ctx, 'idMessage');
    const res = await replayMessage(ctx.sql, id, idMessage, {
      agentUrl: ctx.need(process.env.AGENT_URL, 'AGENT_URL'),
      agentSecret: ctx.need(process.env.AGENT_SHARED_SECRET, 'AGENT_SHARED_SECRET'),
    });
    const ok = res.status === 200 && res.messageStatus === 'done';
    console.log(
      `${ok ? '✔' : '✘'} replay of ${idMessage}: the message is ${res.messageStatus} after ${res.tries} hand-over(s) to the agent (last answer ${res.status} ${JSON.stringify(res.body)})`,
    );
    for (const r of res.replies)
      console.log(`  reply (${r.status}): ${r.body.replace(/\s+/g, ' ').slice(0, 200)}`);
    if (res.messageStatus !== 'done' && res.messageStatus !== 'dead')
      console.log('  still open: the agent kept sending it back (a busy chat); run the replay again later');
    if (!ok) process.exitCode = 1;
  },
};
