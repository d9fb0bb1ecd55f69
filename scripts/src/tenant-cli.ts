/**
 * `npm run tenant -- <command>`: operate tenants in the database at DATABASE_URL (Supabase's
 * connection string in production, the local PostgreSQL, or the dev stack started with it).
 * Secrets are encrypted here with MAX_SECRET_KEYS before they reach SQL.
 */
import { parseArgs } from 'node:util';
import {
  checkPhone,
  createEspoClient,
  createGreenApiClient,
  createJsonLogger,
  decryptSecret,
  generateKeyBase64,
  isSupportedRegion,
  type Keyring,
  keyringSchema,
  reencryptSecret,
  secretAad,
  systemClock,
} from '@max/core';
import postgres from 'postgres';
import { describeCliFailure } from './stack/cli-failure.ts';
import { replayMessage } from './stack/replay.ts';
import { setSecret, setSender, setTenantStatus, upsertTenant, webhookCredentials } from './stack/tenants.ts';

const USAGE = `Usage: npm run tenant -- <command> [options]

  add <id> --name N --instance ID --green-url URL --crm-url URL [--mode dedicated|shared] [--tenant-field cTenantId]
           [--auth apikey|hmac|basic] [--locale fr|en] [--country FR] [--timezone Europe/Paris]
  list
  disable <id> | enable <id>
  set-crm <id> --crm-url URL [--mode dedicated|shared] [--tenant-field F] [--auth apikey|hmac|basic]
  set-chat <id> [--groups on|off] [--group-crm-data on|off] [--assistant-name MAX] [--chat-rate 20]
                                     WhatsApp groups (off by default), CRM data in groups (off: answers go
                                     privately), the name that addresses MAX in a group, messages a chat may
                                     start per minute (more wait their turn)
  set-secret <id> <name> <value>     names: crm_api_key crm_hmac_secret crm_username crm_password
                                     crm_admin_username crm_admin_password greenapi_token llm_api_key
                                     cf_access_client_id cf_access_client_secret
  add-sender <id> <phone or chatId> [--role admin|member] [--name N]
  webhook <id> --public-url https://max-webhook.example.workers.dev   (needs GREENAPI_WEBHOOK_SECRET)
  doctor <id>
  replay <id> <idMessage>             run a dead message again (needs AGENT_URL, AGENT_SHARED_SECRET)
  keygen                              a new key for MAX_SECRET_KEYS
  rotate                              re-encrypt every secret under the active key id

Environment: DATABASE_URL, MAX_SECRET_KEYS (for secrets, doctor, rotate), GREENAPI_WEBHOOK_SECRET (webhook),
AGENT_URL and AGENT_SHARED_SECRET (replay).`;

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
    role: { type: 'string' },
    groups: { type: 'string' },
    'group-crm-data': { type: 'string' },
    'assistant-name': { type: 'string' },
    'chat-rate': { type: 'string' },
    'public-url': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});

const [command, ...args] = positionals;
const fail = (msg: string): never => {
  console.error(`✘ ${msg}`);
  process.exit(2);
};
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

const keyring = (): Keyring => {
  const raw = process.env.MAX_SECRET_KEYS ?? fail('MAX_SECRET_KEYS is not set');
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    fail('MAX_SECRET_KEYS is not JSON (`npm run tenant -- keygen` prints one)');
  }
  const parsed = keyringSchema.safeParse(json);
  return parsed.success
    ? parsed.data
    : fail(`MAX_SECRET_KEYS is invalid: ${parsed.error.issues[0]?.message}`);
};
const dbUrl =
  process.env.DATABASE_URL ??
  fail('DATABASE_URL is not set (the tenant CLI needs a PostgreSQL; see the README)');
// A short connect timeout: an unreachable host is reported in seconds, not after 30.
const sql = postgres(dbUrl, { max: 1, onnotice: () => {}, connect_timeout: 10 });
const need = (v: string | undefined, what: string) => v ?? fail(`${what} is required`);
const country = (raw: string | undefined) => {
  const code = (raw ?? 'FR').toUpperCase();
  return isSupportedRegion(code) ? code : fail(`--country ${raw} is not a region code (e.g. FR, BE, CH, GB)`);
};
// A national number is read in the tenant's country; an invalid one is refused, never guessed.
const toChatId = (s: string, region: string) => {
  if (s.includes('@')) return s;
  const phone = checkPhone(s, region);
  return phone.ok
    ? `${phone.e164.slice(1)}@c.us`
    : fail(`${s} is not a valid phone number in ${region} (${phone.problem})`);
};

try {
  switch (command) {
    case 'add': {
      const id = need(args[0], 'tenant id');
      await upsertTenant(sql, {
        id,
        name: need(values.name, '--name'),
        idInstance: need(values.instance, '--instance'),
        greenApiUrl: need(values['green-url'], '--green-url'),
        crmBaseUrl: need(values['crm-url'], '--crm-url'),
        crmMode: (values.mode as 'dedicated' | 'shared') ?? 'dedicated',
        crmAuthMode: (values.auth as 'apikey' | 'hmac' | 'basic') ?? 'apikey',
        crmTenantField: values['tenant-field'] ?? (values.mode === 'shared' ? 'cTenantId' : null),
        locale: (values.locale as 'fr' | 'en') ?? 'fr',
        defaultCountry: country(values.country),
        timezone: values.timezone ?? 'Europe/Paris',
      });
      console.log(
        `✔ tenant ${id} saved. Next: set-secret ${id} crm_api_key … and greenapi_token …, add-sender, webhook.`,
      );
      break;
    }
    case 'list': {
      const rows = await sql`
        select t.id, t.name, t.status, t.green_api_instance_id, t.crm_mode, t.crm_base_url,
               (select count(*) from whatsapp_senders s where s.tenant_id = t.id)::int as senders,
               (select string_agg(name, ',' order by name) from tenant_secrets s where s.tenant_id = t.id) as secrets
          from tenants t order by t.id`;
      console.table(rows.map((r) => ({ ...r })));
      break;
    }
    case 'disable':
    case 'enable': {
      const ok = await setTenantStatus(
        sql,
        need(args[0], 'tenant id'),
        command === 'disable' ? 'disabled' : 'active',
      );
      console.log(ok ? `✔ ${args[0]} ${command}d` : `✘ no tenant ${args[0]}`);
      if (!ok) process.exitCode = 1;
      break;
    }
    case 'set-crm': {
      const id = need(args[0], 'tenant id');
      const rows = await sql`
        update tenants set crm_base_url = ${need(values['crm-url'], '--crm-url')}, crm_mode = coalesce(${values.mode ?? null}, crm_mode),
               crm_tenant_field = coalesce(${values['tenant-field'] ?? null}, crm_tenant_field), crm_auth_mode = coalesce(${values.auth ?? null}, crm_auth_mode),
               updated_at = now()
         where id = ${id} returning id`;
      console.log(rows.length ? `✔ CRM of ${id} updated` : `✘ no tenant ${id}`);
      break;
    }
    case 'set-chat': {
      const id = need(args[0], 'tenant id');
      const onOff = (v: string | undefined, flag: string) =>
        v === undefined ? null : v === 'on' ? true : v === 'off' ? false : fail(`${flag} must be on or off`);
      const rate = values['chat-rate'] === undefined ? null : Number(values['chat-rate']);
      if (rate !== null && !(Number.isInteger(rate) && rate >= 1 && rate <= 600))
        fail('--chat-rate must be a whole number from 1 to 600');
      const name = values['assistant-name'] ?? null;
      if (name !== null && !/^[\p{L}\p{N} _.-]{1,40}$/u.test(name))
        fail('--assistant-name: 1 to 40 letters, digits, spaces');
      const rows = await sql`
        update tenants set groups_enabled = coalesce(${onOff(values.groups, '--groups')}, groups_enabled),
               group_crm_data = coalesce(${onOff(values['group-crm-data'], '--group-crm-data')}, group_crm_data),
               assistant_name = coalesce(${name}, assistant_name),
               chat_messages_per_minute = coalesce(${rate}, chat_messages_per_minute), updated_at = now()
         where id = ${id}
        returning groups_enabled, group_crm_data, assistant_name, chat_messages_per_minute`;
      if (!rows[0]) fail(`no tenant ${id}`);
      const r = rows[0]!;
      console.log(
        `✔ ${id}: groups ${r.groups_enabled ? 'on' : 'off'}, CRM data in groups ${r.group_crm_data ? 'on' : 'off'}, name ${r.assistant_name}, ${r.chat_messages_per_minute} messages/min per chat`,
      );
      break;
    }
    case 'set-secret': {
      const [id, name, value] = args;
      await setSecret(
        sql,
        keyring(),
        need(id, 'tenant id'),
        need(name, 'secret name'),
        need(value, 'secret value'),
      );
      console.log(`✔ ${name} of ${id} stored encrypted`);
      break;
    }
    case 'add-sender': {
      const id = need(args[0], 'tenant id');
      const phone = need(args[1], 'phone');
      const [t] = await sql`select default_country from tenants where id = ${id}`;
      if (!t) fail(`no tenant ${id}`);
      const chatId = toChatId(phone, String(t!.default_country));
      await setSender(sql, id, chatId, (values.role as 'admin' | 'member') ?? 'member', values.name ?? null);
      console.log(`✔ ${chatId} may use MAX for ${id} as ${values.role ?? 'member'}`);
      break;
    }
    case 'webhook': {
      const id = need(args[0], 'tenant id');
      const [t] = await sql`select green_api_instance_id from tenants where id = ${id}`;
      if (!t) fail(`no tenant ${id}`);
      const creds = await webhookCredentials(
        process.env.GREENAPI_WEBHOOK_SECRET ?? fail('GREENAPI_WEBHOOK_SECRET is not set'),
        String(t!.green_api_instance_id),
        need(values['public-url'], '--public-url'),
      );
      console.log(
        `webhookUrl:      ${creds.url}\nwebhookUrlToken: ${creds.token}\n(set both on the Green-API instance: console or SetSettings)`,
      );
      break;
    }
    case 'doctor': {
      const id = need(args[0], 'tenant id');
      const line = (ok: boolean | null, what: string, detail = '') =>
        console.log(`${ok === null ? '–' : ok ? '✔' : '✘'} ${what}${detail ? `: ${detail}` : ''}`);
      const [t] = await sql`select * from tenants where id = ${id}`;
      line(Boolean(t), 'database', t ? `tenant ${id} found (${t.status})` : `no tenant ${id}`);
      if (!t) {
        process.exitCode = 1;
        break;
      }
      const ring = keyring();
      const secrets = new Map<string, string>();
      for (const s of await sql`select name, ciphertext from tenant_secrets where tenant_id = ${id}`) {
        try {
          secrets.set(
            String(s.name),
            await decryptSecret(ring, String(s.ciphertext), secretAad(id, String(s.name))),
          );
        } catch (e) {
          line(false, `secret ${s.name}`, (e as Error).message);
        }
      }
      const logger = createJsonLogger({ write: () => {}, now: () => new Date(), level: 'error' });
      const auth =
        t.crm_auth_mode === 'hmac'
          ? {
              kind: 'hmac' as const,
              apiKey: secrets.get('crm_api_key') ?? '',
              secretKey: secrets.get('crm_hmac_secret') ?? '',
            }
          : t.crm_auth_mode === 'basic'
            ? {
                kind: 'basic' as const,
                username: secrets.get('crm_username') ?? '',
                password: secrets.get('crm_password') ?? '',
              }
            : { kind: 'apikey' as const, apiKey: secrets.get('crm_api_key') ?? '' };
      const admin =
        secrets.get('crm_admin_username') && secrets.get('crm_admin_password')
          ? {
              kind: 'basic' as const,
              username: secrets.get('crm_admin_username')!,
              password: secrets.get('crm_admin_password')!,
            }
          : undefined;
      const crm = createEspoClient({
        baseUrl: String(t.crm_base_url),
        auth,
        ...(admin ? { adminAuth: admin } : {}),
        fetch,
        clock: systemClock,
        logger,
        timeoutMs: 5000,
        retries: 0,
        tenant: t.crm_mode === 'shared' ? { field: String(t.crm_tenant_field), value: id } : null,
      });
      const h = await crm.health(['Lead', 'Task', 'Note']);
      line(h.reachable, 'CRM reachable', `${t.crm_base_url} (${h.latencyMs} ms)`);
      line(h.authenticated, 'CRM auth', h.error ?? String(t.crm_auth_mode));
      line(
        h.admin,
        'CRM admin rights',
        h.admin === null ? 'no admin user configured (self-healing tools disabled)' : '',
      );
      if (t.crm_mode === 'shared')
        for (const [e, ok] of Object.entries(h.tenantField ?? {}))
          line(ok, `tenant field ${t.crm_tenant_field} on ${e}`);
      const token = secrets.get('greenapi_token');
      if (!token) line(false, 'Green-API', 'greenapi_token is not set');
      else {
        try {
          const green = createGreenApiClient({
            apiUrl: String(t.green_api_url),
            idInstance: String(t.green_api_instance_id),
            apiToken: token,
            fetch,
            clock: systemClock,
            logger,
            retries: 0,
            timeoutMs: 5000,
          });
          const s = await green.getStateInstance();
          line(s.stateInstance === 'authorized', 'Green-API instance', s.stateInstance);
        } catch (e) {
          line(false, 'Green-API instance', (e as Error).message);
        }
      }
      const [senders] =
        await sql`select count(*)::int as n, count(*) filter (where role = 'admin')::int as admins from whatsapp_senders where tenant_id = ${id}`;
      line(senders!.n > 0, 'WhatsApp senders', `${senders!.n} authorised, ${senders!.admins} admin`);
      break;
    }
    case 'replay': {
      const id = need(args[0], 'tenant id');
      const idMessage = need(args[1], 'idMessage');
      const res = await replayMessage(sql, id, idMessage, {
        agentUrl: need(process.env.AGENT_URL, 'AGENT_URL'),
        agentSecret: need(process.env.AGENT_SHARED_SECRET, 'AGENT_SHARED_SECRET'),
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
      const ring = keyring();
      let moved = 0;
      for (const s of await sql`select tenant_id, name, ciphertext from tenant_secrets`) {
        const next = await reencryptSecret(
          ring,
          String(s.ciphertext),
          secretAad(String(s.tenant_id), String(s.name)),
        );
        if (next !== s.ciphertext) {
          await sql`update tenant_secrets set ciphertext = ${next}, key_id = ${ring.activeKeyId}, updated_at = now() where tenant_id = ${s.tenant_id} and name = ${s.name}`;
          moved++;
        }
      }
      console.log(`✔ ${moved} secret(s) re-encrypted under ${ring.activeKeyId}`);
      break;
    }
    default:
      console.log(USAGE);
      process.exitCode = 2;
  }
} catch (e) {
  // The database down (or any expected failure) is one line and exit 1, not a stack trace.
  console.error(`✘ ${describeCliFailure(e, dbUrl)}`);
  if (process.env.DEBUG) console.error(e);
  process.exitCode = 1;
} finally {
  await sql.end({ timeout: 1 }).catch(() => undefined);
}
