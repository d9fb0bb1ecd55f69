import { type CliCommand, tenantAnd } from './command.ts';

/** A person's erasure: their messages and transcripts go, counts stay. */
export const eraseSender: CliCommand = {
  name: 'erase-sender',
  usage:
    "erase-sender <id> <phone> [--remove]  erase a WhatsApp sender's messages and transcripts (counts stay); --remove: and their access",
  async run(ctx) {
    const [id, phone] = tenantAnd(ctx, 'phone');
    ctx.print(
      await ctx.run({
        action: 'sender.erase',
        tenantId: id,
        phone,
        body: { removeSender: Boolean(ctx.values.remove) },
      }),
      (b) => {
        const e = b.erasure as Record<string, number | string | boolean>;
        return `✔ erased in ${id}: ${e.messages} messages, ${e.sessions} conversations, ${e.replies} replies, ${e.toolResults} tool results; ${e.auditRows} audit rows now name ${e.pseudonym}${e.senderRemoved ? '; access removed' : ''}`;
      },
    );
  },
};
