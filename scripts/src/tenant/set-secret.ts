import type { CliCommand } from './command.ts';

/** One of the tenant's secrets, sealed with MAX_SECRET_KEYS before it reaches SQL. */
export const setSecret: CliCommand = {
  name: 'set-secret',
  usage: `set-secret <id> <name> <value>     names: crm_api_key crm_hmac_secret crm_username crm_password
                                     crm_admin_username crm_admin_password greenapi_token llm_api_key
                                     cf_access_client_id cf_access_client_secret`,
  async run(ctx) {
    const [id, name, value] = ctx.args;
    ctx.keyring();
    ctx.print(
      await ctx.run({
        action: 'secret.set',
        tenantId: ctx.need(id, 'tenant id'),
        name: ctx.need(name, 'secret name'),
        body: { value: ctx.need(value, 'secret value') },
      }),
      () => `✔ ${name} of ${id} stored encrypted`,
    );
  },
};
