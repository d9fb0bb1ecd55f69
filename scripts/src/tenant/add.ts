import { type CliCommand, text } from './command.ts';
import { settingsOf, tenantLine } from './tenant-settings.ts';

/** A new tenant (in onboarding), or an existing one's settings updated. */
export const add: CliCommand = {
  name: 'add',
  usage: `add <id> --name N --instance ID --green-url URL --crm-url URL [--mode dedicated|shared] [--tenant-field cTenantId]
           [--auth apikey|hmac|basic] [--locale fr|en] [--country FR] [--timezone Europe/Paris] [--plan users-5]
                                     a new tenant starts in onboarding (MAX answers nothing until \`activate\`);
                                     an existing one is updated`,
  async run(ctx) {
    const id = ctx.need(ctx.args[0], 'tenant id');
    ctx.need(text(ctx, 'name'), '--name');
    ctx.need(text(ctx, 'instance'), '--instance');
    ctx.need(text(ctx, 'green-url'), '--green-url');
    ctx.need(text(ctx, 'crm-url'), '--crm-url');
    const settings = settingsOf(ctx);
    const plan = text(ctx, 'plan');
    const created = await ctx.run({
      action: 'tenant.create',
      body: { id, ...settings, ...(plan ? { plan } : {}) },
    });
    const exists =
      'body' in created && created.status === 409 && /tenant with this id/.test(JSON.stringify(created.body));
    if (!exists) {
      ctx.print(
        created,
        (b) =>
          `${tenantLine(b)}. Next: set-secret ${id} crm_api_key … and greenapi_token …, add-sender, webhook, activate.`,
      );
      return;
    }
    ctx.print(await ctx.run({ action: 'tenant.update', tenantId: id, body: settings }), tenantLine);
  },
};
