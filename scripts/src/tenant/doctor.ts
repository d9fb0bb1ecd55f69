import {
  createGreenApiClient,
  createJsonLogger,
  decryptSecret,
  type Keyring,
  secretAad,
  systemClock,
} from '@max/core';
import type { Sql } from 'postgres';
import { crmLocaleStep } from './crm-locale-step.ts';
import { tenantCrm } from './tenant-crm.ts';

const line = (ok: boolean | null, what: string, detail = '') =>
  console.log(`${ok === null ? '–' : ok ? '✔' : '✘'} ${what}${detail ? `: ${detail}` : ''}`);

/**
 * `doctor <id> [--fix]`: database, CRM reachability, auth, admin rights, the tenant field (shared
 * mode), the CRM's locale (set on the first run and with --fix, dedicated mode only), the Green-API
 * instance and the senders, one line each. Returns the exit code.
 */
export async function runDoctor(
  sql: Sql,
  id: string,
  ring: () => Keyring,
  opts: { fix: boolean },
): Promise<number> {
  const [t] = await sql`select * from tenants where id = ${id}`;
  line(Boolean(t), 'database', t ? `tenant ${id} found (${t.status})` : `no tenant ${id}`);
  if (!t) return 1;
  const keyring = ring();
  const secrets = new Map<string, string>();
  for (const s of await sql`select name, ciphertext from tenant_secrets where tenant_id = ${id}`) {
    try {
      secrets.set(
        String(s.name),
        await decryptSecret(keyring, String(s.ciphertext), secretAad(id, String(s.name))),
      );
    } catch (e) {
      line(false, `secret ${s.name}`, (e as Error).message);
    }
  }
  const logger = createJsonLogger({ write: () => {}, now: () => new Date(), level: 'error' });
  const crm = tenantCrm(t, secrets, logger);
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
  if (h.authenticated) await crmLocaleStep(sql, t, crm, line, opts);
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
  return 0;
}
