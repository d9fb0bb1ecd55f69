import { type CliCommand, text } from './command.ts';
import { settingsOf } from './tenant-settings.ts';

/** The tenant's CRM connection. */
export const setCrm: CliCommand = {
  name: 'set-crm',
  usage: 'set-crm <id> --crm-url URL [--mode dedicated|shared] [--tenant-field F] [--auth apikey|hmac|basic]',
  async run(ctx) {
    const id = ctx.need(ctx.args[0], 'tenant id');
    ctx.need(text(ctx, 'crm-url'), '--crm-url');
    ctx.print(
      await ctx.run({ action: 'tenant.update', tenantId: id, body: settingsOf(ctx) }),
      () => `✔ CRM of ${id} updated`,
    );
  },
};

/** How MAX behaves in chats: groups, CRM data in groups, its name, the per-chat rate. */
export const setChat: CliCommand = {
  name: 'set-chat',
  usage: `set-chat <id> [--groups on|off] [--group-crm-data on|off] [--assistant-name MAX] [--chat-rate 20]
                                     WhatsApp groups (off by default), CRM data in groups (off: answers go
                                     privately), the name that addresses MAX in a group, messages a chat may
                                     start per minute (more wait their turn)`,
  async run(ctx) {
    const id = ctx.need(ctx.args[0], 'tenant id');
    ctx.print(await ctx.run({ action: 'tenant.update', tenantId: id, body: settingsOf(ctx) }), (b) => {
      const t = b.tenant as Record<string, unknown>;
      return `✔ ${id}: groups ${t.groupsEnabled ? 'on' : 'off'}, CRM data in groups ${t.groupCrmData ? 'on' : 'off'}, name ${t.assistantName}, ${t.chatMessagesPerMinute} messages/min per chat`;
    });
  },
};
