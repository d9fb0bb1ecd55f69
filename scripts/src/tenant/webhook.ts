import { webhookCredentials } from '@max/core';
import { type CliCommand, text } from './command.ts';

/** The webhook URL and token to set on the tenant's Green-API instance. */
export const webhook: CliCommand = {
  name: 'webhook',
  usage:
    'webhook <id> --public-url https://max-webhook.example.workers.dev   (needs GREENAPI_WEBHOOK_SECRET)',
  async run(ctx) {
    const id = ctx.need(ctx.args[0], 'tenant id');
    const secret = process.env.GREENAPI_WEBHOOK_SECRET ?? ctx.fail('GREENAPI_WEBHOOK_SECRET is not set');
    const a = await ctx.run({ action: 'tenant.webhook', tenantId: id });
    if (!('body' in a) || a.status >= 400) return ctx.print(a, () => '');
    const creds = await webhookCredentials(
      secret,
      String(a.body.idInstance),
      ctx.need(text(ctx, 'public-url'), '--public-url'),
    );
    console.log(
      `webhookUrl:      ${creds.webhookUrl}\nwebhookUrlToken: ${creds.webhookUrlToken}\n(set both on the Green-API instance: console or SetSettings)`,
    );
  },
};
