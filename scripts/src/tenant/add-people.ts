import { type CliCommand, text } from './command.ts';

/** A WhatsApp number that may use MAX for the tenant, with its role (and the member it belongs to). */
export const addSender: CliCommand = {
  name: 'add-sender',
  usage: `add-sender <id> <phone or chatId> [--role admin|member] [--name N] [--user UUID]
                                     --user: the member this number belongs to (their own opt-out)`,
  async run(ctx) {
    const role = text(ctx, 'role') ?? 'member';
    const name = text(ctx, 'name');
    const user = text(ctx, 'user');
    ctx.print(
      await ctx.run({
        action: 'sender.set',
        tenantId: ctx.need(ctx.args[0], 'tenant id'),
        phone: ctx.need(ctx.args[1], 'phone'),
        body: { role, ...(name ? { name } : {}), ...(user ? { userId: user } : {}) },
      }),
      (b) => {
        const s = b.sender as { chatId: string };
        return `✔ ${s.chatId} may use MAX for ${ctx.args[0]} as ${role}`;
      },
    );
    // A phone number that is not one is the operator's typo: the usage error code.
    if (process.exitCode === 1) process.exitCode = 2;
  },
};

/** A Supabase Auth user's role in the tenant (their next token carries it). */
export const addMember: CliCommand = {
  name: 'add-member',
  usage: "add-member <id> <user UUID> [--role owner|admin|member|viewer]   a Supabase Auth user's role",
  async run(ctx) {
    const role = text(ctx, 'role') ?? 'member';
    ctx.print(
      await ctx.run({
        action: 'member.set',
        tenantId: ctx.need(ctx.args[0], 'tenant id'),
        userId: ctx.need(ctx.args[1], 'user id'),
        body: { role },
      }),
      () => `✔ ${ctx.args[1]} is ${role} of ${ctx.args[0]} (their next token carries it)`,
    );
  },
};
