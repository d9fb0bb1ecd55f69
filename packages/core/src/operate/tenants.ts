import { countryTimeZone } from '../crm/locale/country-locale.ts';
import { isSupportedRegion } from '../crm/phone.ts';
import type { TenantCreate, TenantPatch } from '../queue/admin-commands.ts';
import { AppError } from '../shared/errors.ts';
import type { SqlClient, SqlValue } from '../store/postgres/sql-client.ts';
import { operatorDbError } from './db-errors.ts';
import type { Actor, OperateDeps } from './deps.ts';
import { type TenantView, tenantView } from './tenant-view.ts';

/** Settings columns an operator writes, by their API name. */
const COLUMNS = {
  name: 'name',
  idInstance: 'green_api_instance_id',
  greenApiUrl: 'green_api_url',
  crmBaseUrl: 'crm_base_url',
  crmPublicUrl: 'crm_public_url',
  crmMode: 'crm_mode',
  crmTenantField: 'crm_tenant_field',
  crmAuthMode: 'crm_auth_mode',
  locale: 'locale',
  timezone: 'timezone',
  defaultCountry: 'default_country',
  llmBaseUrl: 'llm_base_url',
  llmModel: 'llm_model',
  groupsEnabled: 'groups_enabled',
  groupCrmData: 'group_crm_data',
  assistantName: 'assistant_name',
  chatMessagesPerMinute: 'chat_messages_per_minute',
  humanPauseMinutes: 'human_pause_minutes',
} as const satisfies Record<keyof TenantPatch, string>;

/** The actor may act on this tenant (a key limited to some tenants gets 403 for any other, existing or not). */
export function assertTenantAllowed(actor: Actor, tenantId: string): void {
  if (actor.tenants && !actor.tenants.includes(tenantId))
    throw new AppError('forbidden', `This key may not act on tenant ${tenantId}`);
}

function checkSettings(s: Partial<TenantCreate>): void {
  if (s.timezone !== undefined) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: s.timezone });
    } catch {
      throw new AppError(
        'validation',
        `timezone ${s.timezone} is not an IANA time zone (e.g. Europe/Paris)`,
        {
          details: { field: 'timezone' },
        },
      );
    }
  }
  if (s.defaultCountry !== undefined && !isSupportedRegion(s.defaultCountry))
    throw new AppError(
      'validation',
      `defaultCountry ${s.defaultCountry} is not a region code (FR, BE, CH…)`,
      {
        details: { field: 'defaultCountry' },
      },
    );
}

/** The row as a JSON patch in column names (a key present with null clears a nullable column). */
function columnsOf(s: Partial<TenantCreate>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, col] of Object.entries(COLUMNS))
    if ((s as Record<string, unknown>)[k] !== undefined) out[col] = (s as Record<string, unknown>)[k];
  return out;
}

export async function readTenant(sql: SqlClient, tenantId: string): Promise<TenantView | null> {
  const [row] = await sql`select * from tenants where id = ${tenantId}`;
  return row ? tenantView(row) : null;
}

/** The tenant, or 404 (a deleted tenant's tombstone counts as gone). */
export async function mustReadTenant(ops: OperateDeps, tenantId: string): Promise<TenantView> {
  const t = await ops.sql('tenant_read', (sql) => readTenant(sql, tenantId));
  if (!t || t.status === 'deleted') throw new AppError('not_found', `No tenant ${tenantId}`);
  return t;
}

/**
 * A new tenant, in `onboarding`: MAX answers nothing for it until its checks pass
 * (activateTenant). Shared mode gets the cTenantId field unless another is named.
 */
export async function createTenant(ops: OperateDeps, actor: Actor, input: TenantCreate): Promise<TenantView> {
  assertTenantAllowed(actor, input.id);
  checkSettings(input);
  const row: Record<string, SqlValue> = {
    id: input.id,
    status: 'onboarding',
    plan_id: input.plan ?? null,
    ...(columnsOf({
      crmTenantField: input.crmMode === 'shared' ? 'cTenantId' : null,
      ...input,
      // The country's own time zone unless one is given (a GB tenant is not on Paris time).
      ...(input.timezone === undefined && input.defaultCountry
        ? { timezone: countryTimeZone(input.defaultCountry) ?? undefined }
        : {}),
    }) as Record<string, SqlValue>),
  };
  const cols = Object.keys(row);
  try {
    return await ops.sql('tenant_create', async (sql) => {
      const [created] = await sql.unsafe(
        `insert into tenants (${cols.join(', ')}) values (${cols.map((_, i) => `$${i + 1}`).join(', ')}) returning *`,
        cols.map((c) => row[c] ?? null),
      );
      return tenantView(created!);
    });
  } catch (e) {
    throw operatorDbError(e);
  }
}

/** Changes the given settings (null clears a nullable one); a deleted tenant is gone. */
export async function updateTenant(
  ops: OperateDeps,
  actor: Actor,
  tenantId: string,
  patch: TenantPatch,
): Promise<TenantView> {
  assertTenantAllowed(actor, tenantId);
  checkSettings(patch);
  const set = columnsOf(patch) as Record<string, SqlValue>;
  const cols = Object.keys(set);
  if (!cols.length) return mustReadTenant(ops, tenantId);
  try {
    const [row] = await ops.sql('tenant_update', (sql) =>
      Promise.resolve(
        sql.unsafe(
          `update tenants set ${cols.map((c, i) => `${c} = $${i + 2}`).join(', ')}, updated_at = now()
            where id = $1 and status <> 'deleted' returning *`,
          [tenantId, ...cols.map((c) => set[c] ?? null)],
        ),
      ),
    );
    if (!row) throw new AppError('not_found', `No tenant ${tenantId}`);
    return tenantView(row);
  } catch (e) {
    throw operatorDbError(e);
  }
}

/** Tenants the actor may see (deleted tombstones left out). */
export async function listTenants(ops: OperateDeps, actor: Actor): Promise<TenantView[]> {
  const rows = await ops.sql('tenant_list', (sql) =>
    Promise.resolve(sql`select * from tenants where status <> 'deleted' order by id`),
  );
  return rows.map(tenantView).filter((t) => !actor.tenants || actor.tenants.includes(t.id));
}

/** Disables a tenant: MAX answers nothing for it, the web chat refuses, nothing is deleted. */
export async function disableTenant(ops: OperateDeps, actor: Actor, tenantId: string): Promise<TenantView> {
  assertTenantAllowed(actor, tenantId);
  const [row] = await ops.sql('tenant_disable', (sql) =>
    Promise.resolve(
      sql`update tenants set status = 'disabled', updated_at = now()
           where id = ${tenantId} and status in ('onboarding', 'active', 'disabled') returning *`,
    ),
  );
  if (!row) throw new AppError('not_found', `No tenant ${tenantId}`);
  return tenantView(row);
}

/** What the operator sees of a tenant: settings, secret names (never values), people, plan. */
export async function describeTenant(ops: OperateDeps, actor: Actor, tenantId: string) {
  assertTenantAllowed(actor, tenantId);
  const tenant = await mustReadTenant(ops, tenantId);
  return ops.sql('tenant_describe', async (sql) => {
    const secrets = await sql`
      select name, key_id, updated_at from tenant_secrets where tenant_id = ${tenantId} order by name`;
    const [people] = await sql`
      select (select count(*) from whatsapp_senders where tenant_id = ${tenantId})::int as senders,
             (select count(*) from whatsapp_senders where tenant_id = ${tenantId} and role = 'admin')::int as admins,
             (select count(*) from tenant_members where tenant_id = ${tenantId})::int as members`;
    return {
      tenant,
      secrets: secrets.map((r) => ({
        name: String(r.name),
        keyId: String(r.key_id),
        updatedAt: new Date(r.updated_at as string).toISOString(),
      })),
      people: {
        senders: people!.senders as number,
        admins: people!.admins as number,
        members: people!.members as number,
      },
    };
  });
}
