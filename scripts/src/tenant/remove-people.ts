import { type CliCommand, tenantAnd } from './command.ts';

/** Takes a WhatsApp number's access away. */
export const removeSender: CliCommand = {
  name: 'remove-sender',
  usage: 'remove-sender <id> <phone>          the number may no longer use MAX',
  async run(ctx) {
    const [id, phone] = tenantAnd(ctx, 'phone');
    ctx.print(await ctx.run({ action: 'sender.remove', tenantId: id, phone }), (b) => {
      const s = b.sender as { chatId: string; removed: boolean };
      return s.removed ? `✔ ${s.chatId} removed from ${id}` : `– ${s.chatId} was not a sender of ${id}`;
    });
  },
};

/** Takes a signed-in person's role away. */
export const removeMember: CliCommand = {
  name: 'remove-member',
  usage: 'remove-member <id> <user UUID>     the person loses their role in the tenant',
  async run(ctx) {
    const [id, user] = tenantAnd(ctx, 'user id');
    ctx.print(await ctx.run({ action: 'member.remove', tenantId: id, userId: user }), (b) => {
      const m = b.member as { userId: string; removed: boolean };
      return m.removed ? `✔ ${m.userId} removed from ${id}` : `– ${m.userId} was not a member of ${id}`;
    });
  },
};
