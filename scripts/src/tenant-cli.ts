/**
 * `npm run tenant -- <command>`: operate tenants in the database at DATABASE_URL (Supabase's
 * connection string in production, the local PostgreSQL, or the dev stack started with it). Every
 * command calls core's operate/ — the functions /api/admin runs — and is audited as cli:<user>.
 * Secrets are sealed here with MAX_SECRET_KEYS before they reach SQL.
 */
import { parseArgs } from 'node:util';
import { generateKeyBase64, isSupportedRegion, reencryptAllSecrets, webhookCredentials } from '@max/core';
import postgres from 'postgres';
import { describeCliFailure } from './stack/cli-failure.ts';
import { replayMessage } from './stack/replay.ts';
import { COMMANDS, findCommand } from './tenant/commands.ts';
import { type CliContext, cliContext, fail } from './tenant/context.ts';

const USAGE = `Usage: npm run tenant -- <command> [options]

  add <id> --name N --instance ID --green-url URL --crm-url URL [--mode dedicated|shared] [--tenant-field cTenantId]
           [--auth apikey|hmac|basic] [--locale fr|en] [--country FR] [--timezone Europe/Paris] [--plan users-5]
                                     a new tenant starts in onboarding (MAX answers nothing until \`activate\`);
                                     an existing one is updated
  list
  disable <id>
  set-crm <id> --crm-url URL [--mode dedicated|shared] [--tenant-field F] [--auth apikey|hmac|basic]
  set-chat <id> [--groups on|off] [--group-crm-data on|off] [--assistant-name MAX] [--chat-rate 20]
                                     WhatsApp groups (off by default), CRM data in groups (off: answers go
                                     privately), the name that addresses MAX in a group, messages a chat may
                                     start per minute (more wait their turn)
  set-secret <id> <name> <value>     names: crm_api_key crm_hmac_secret crm_username crm_password
                                     crm_admin_username crm_admin_password greenapi_token llm_api_key
                                     cf_access_client_id cf_access_client_secret
  add-sender <id> <phone or chatId> [--role admin|member] [--name N] [--user UUID]
                                     --user: the member this number belongs to (their own opt-out)
  add-member <id> <user UUID> [--role owner|admin|member|viewer]   a Supabase Auth user's role
  webhook <id> --public-url https://max-webhook.example.workers.dev   (needs GREENAPI_WEBHOOK_SECRET)
${COMMANDS.map((c) => `  ${c.usage}`).join('\n')}
  replay <id> <idMessage>             run a dead message again (needs AGENT_URL, AGENT_SHARED_SECRET)
  keygen                              a new key for MAX_SECRET_KEYS
  rotate                              re-encrypt every secret under the active key id

Options: --json prints the answer as /api/admin gives it.
Environment: DATABASE_URL, MAX_SECRET_KEYS (secrets, checks, rotations, rotate), GREENAPI_WEBHOOK_SECRET (webhook),
AGENT_URL and AGENT_SHARED_SECRET (replay); ROTATION_GRACE_HOURS, DELETION_GRACE_DAYS, AUDIT_RETENTION_DAYS as the agent's.`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    name: { type: 'string' },
    instance: { type: 'string' },
    'green-url': { type: 'string' },
    'crm-url': { type: 'string' },
    mode: { type: 'string' },
    'tenant-field': { type: 'string' },
    auth: { type: 'string' },
    locale: { type: 'string' },
    country: { type: 'string' },
    timezone: { type: 'string' },
    plan: { type: 'string' },
    role: { type: 'string' },
    user: { type: 'string' },
    groups: { type: 'string' },
    'group-crm-data': { type: 'string' },
    'assistant-name': { type: 'string' },
    'chat-rate': { type: 'string' },
    'public-url': { type: 'string' },
    'api-key': { type: 'string' },
    'hmac-secret': { type: 'string' },
    token: { type: 'string' },
    'grace-hours': { type: 'string' },
    month: { type: 'string' },
    until: { type: 'string' },
    out: { type: 'string' },
    remove: { type: 'boolean' },
    scopes: { type: 'string' },
    tenants: { type: 'string' },
    json: { type: 'boolean' },
    fix: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  },
});

const [command, ...args] = positionals;
if (!command || values.help) {
  console.log(USAGE);
  process.exit(command ? 0 : 2);
}
if (command === 'keygen') {
  const id = `k${new Date().toISOString().slice(0, 10).replace(/-/g, '')}`;
  console.log(JSON.stringify({ activeKeyId: id, keys: { [id]: generateKeyBase64() } }));
  console.log(
    'Merge the new key into MAX_SECRET_KEYS (keep the old ones until `rotate` has run), then make it active.',
  );
  process.exit(0);
}

const dbUrl =
  process.env.DATABASE_URL ??
  fail('DATABASE_URL is not set (the tenant CLI needs a PostgreSQL; see the README)');
// A short connect timeout: an unreachable host is reported in seconds, not after 30.
const sql = postgres(dbUrl, { max: 1, onnotice: () => {}, connect_timeout: 10 });

const onOff = (v: string | undefined, flag: string) =>
  v === undefined ? undefined : v === 'on' ? true : v === 'off' ? false : fail(`${flag} must be on or off`);

/** The tenant settings given as flags (only those given). */
function settingsOf(ctx: CliContext) {
  const rate = values['chat-rate'] === undefined ? undefined : Number(values['chat-rate']);
  if (rate !== undefined && !(Number.isInteger(rate) && rate >= 1 && rate <= 600))
    fail('--chat-rate must be a whole number from 1 to 600');
  const name = values['assistant-name'];
  if (name !== undefined && !/^[\p{L}\p{N} _.-]{1,40}$/u.test(name))
    fail('--assistant-name: 1 to 40 letters, digits, spaces');
  const country = values.country?.toUpperCase();
  const out: Record<string, unknown> = {
    name: values.name,
    idInstance: values.instance,
    greenApiUrl: values['green-url'],
    crmBaseUrl: values['crm-url'],
    crmMode: values.mode,
    crmTenantField: values['tenant-field'],
    crmAuthMode: values.auth,
    locale: values.locale,
    defaultCountry: country,
    timezone: values.timezone,
    groupsEnabled: onOff(values.groups, '--groups'),
    groupCrmData: onOff(values['group-crm-data'], '--group-crm-data'),
    assistantName: name,
    chatMessagesPerMinute: rate,
  };
  if (country !== undefined && !isSupportedRegion(country))
    ctx.fail(`--country ${values.country} is not a region code (e.g. FR, BE, CH, GB)`);
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined));
}

const tenantLine = (b: Record<string, unknown>) => {
  const t = b.tenant as { id: string; status: string };
  return `✔ tenant ${t.id} saved (${t.status})`;
};

async function main(ctx: CliContext): Promise<void> {
  switch (command) {
    case 'add': {
      const id = ctx.need(args[0], 'tenant id');
      ctx.need(values.name, '--name');
      ctx.need(values.instance, '--instance');
      ctx.need(values['green-url'], '--green-url');
      ctx.need(values['crm-url'], '--crm-url');
      const settings = settingsOf(ctx);
      const created = await ctx.run({
        action: 'tenant.create',
        body: { id, ...settings, ...(values.plan ? { plan: values.plan } : {}) },
      });
      const exists =
        'body' in created &&
        created.status === 409 &&
        /tenant with this id/.test(JSON.stringify(created.body));
      if (!exists) {
        ctx.print(
          created,
          (b) =>
            `${tenantLine(b)}. Next: set-secret ${id} crm_api_key … and greenapi_token …, add-sender, webhook, activate.`,
        );
        break;
      }
      ctx.print(await ctx.run({ action: 'tenant.update', tenantId: id, body: settings }), tenantLine);
      break;
    }
    case 'list': {
      const a = await ctx.run({ action: 'tenant.list' });
      if ('body' in a && a.status < 400 && !values.json) {
        const rows = a.body.tenants as Array<Record<string, unknown>>;
        console.table(
          rows.map((t) => ({
            id: t.id,
            name: t.name,
            status: t.status,
            instance: t.idInstance,
            crm: `${t.crmMode} ${t.crmBaseUrl}`,
            plan: t.plan ?? '',
          })),
        );
      } else ctx.print(a, () => '');
      break;
    }
    case 'disable':
      ctx.print(
        await ctx.run({ action: 'tenant.disable', tenantId: ctx.need(args[0], 'tenant id') }),
        (b) => {
          const t = b.tenant as { id: string };
          return `✔ ${t.id} disabled`;
        },
      );
      break;
    case 'set-crm':
    case 'set-chat': {
      const id = ctx.need(args[0], 'tenant id');
      if (command === 'set-crm') ctx.need(values['crm-url'], '--crm-url');
      ctx.print(await ctx.run({ action: 'tenant.update', tenantId: id, body: settingsOf(ctx) }), (b) => {
        const t = b.tenant as Record<string, unknown>;
        return command === 'set-crm'
          ? `✔ CRM of ${id} updated`
          : `✔ ${id}: groups ${t.groupsEnabled ? 'on' : 'off'}, CRM data in groups ${t.groupCrmData ? 'on' : 'off'}, name ${t.assistantName}, ${t.chatMessagesPerMinute} messages/min per chat`;
      });
      break;
    }
    case 'set-secret': {
      const [id, name, value] = args;
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
      break;
    }
    case 'add-sender': {
      const role = values.role ?? 'member';
      ctx.print(
        await ctx.run({
          action: 'sender.set',
          tenantId: ctx.need(args[0], 'tenant id'),
          phone: ctx.need(args[1], 'phone'),
          body: {
            role,
            ...(values.name ? { name: values.name } : {}),
            ...(values.user ? { userId: values.user } : {}),
          },
        }),
        (b) => {
          const s = b.sender as { chatId: string };
          return `✔ ${s.chatId} may use MAX for ${args[0]} as ${role}`;
        },
      );
      // A phone number that is not one is the operator's typo: the usage error code.
      if (process.exitCode === 1) process.exitCode = 2;
      break;
    }
    case 'add-member': {
      const role = values.role ?? 'member';
      ctx.print(
        await ctx.run({
          action: 'member.set',
          tenantId: ctx.need(args[0], 'tenant id'),
          userId: ctx.need(args[1], 'user id'),
          body: { role },
        }),
        () => `✔ ${args[1]} is ${role} of ${args[0]} (their next token carries it)`,
      );
      break;
    }
    case 'webhook': {
      const id = ctx.need(args[0], 'tenant id');
      const secret = process.env.GREENAPI_WEBHOOK_SECRET ?? fail('GREENAPI_WEBHOOK_SECRET is not set');
      const a = await ctx.run({ action: 'tenant.webhook', tenantId: id });
      if (!('body' in a) || a.status >= 400) return ctx.print(a, () => '');
      const creds = await webhookCredentials(
        secret,
        String(a.body.idInstance),
        ctx.need(values['public-url'], '--public-url'),
      );
      console.log(
        `webhookUrl:      ${creds.webhookUrl}\nwebhookUrlToken: ${creds.webhookUrlToken}\n(set both on the Green-API instance: console or SetSettings)`,
      );
      break;
    }
    case 'replay': {
      const id = ctx.need(args[0], 'tenant id');
      const idMessage = ctx.need(args[1], 'idMessage');
      const res = await replayMessage(sql, id, idMessage, {
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
      break;
    }
    case 'rotate': {
      const ring = ctx.keyring();
      console.log(
        `✔ ${await reencryptAllSecrets(ring, sql)} secret(s) re-encrypted under ${ring.activeKeyId}`,
      );
      break;
    }
    default: {
      const cmd = findCommand(command!);
      if (!cmd) {
        console.log(USAGE);
        process.exitCode = 2;
        break;
      }
      await cmd.run(ctx);
    }
  }
}

try {
  // The database first: when it is away, one clear line (not an answer per command).
  await sql`select 1`;
  await main(cliContext(sql, args, values));
} catch (e) {
  // The database down (or any expected failure) is one line and exit 1, not a stack trace.
  console.error(`✘ ${describeCliFailure(e, dbUrl)}`);
  if (process.env.DEBUG) console.error(e);
  process.exitCode = 1;
} finally {
  await sql.end({ timeout: 1 }).catch(() => undefined);
}
