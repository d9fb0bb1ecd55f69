import { decryptSecret, encryptSecret, reencryptSecret, secretAad } from '../secrets/envelope.ts';
import type { Keyring } from '../secrets/keyring.ts';
import { AppError } from '../shared/errors.ts';
import type { SqlQuery } from '../store/postgres/sql-client.ts';
import type { Actor, OperateDeps } from './deps.ts';
import { assertTenantAllowed, mustReadTenant } from './tenants.ts';

/**
 * Seals and stores one secret: encrypted here with the active key (bound to tenant and name), so
 * SQL only ever sees ciphertext. Moves the tenant's settings version (warm agents reload).
 */
export async function storeSecret(
  keyring: Keyring,
  sql: SqlQuery,
  tenantId: string,
  name: string,
  value: string,
): Promise<{ name: string; keyId: string }> {
  const ciphertext = await encryptSecret(keyring, value, secretAad(tenantId, name));
  await sql`
    insert into tenant_secrets (tenant_id, name, key_id, ciphertext)
    values (${tenantId}, ${name}, ${keyring.activeKeyId}, ${ciphertext})
    on conflict (tenant_id, name) do update
      set key_id = excluded.key_id, ciphertext = excluded.ciphertext, updated_at = now()`;
  return { name, keyId: keyring.activeKeyId };
}

/** Re-seals every secret not under the active key (after a new key was made active). */
export async function reencryptAllSecrets(keyring: Keyring, sql: SqlQuery): Promise<number> {
  let moved = 0;
  for (const s of await sql`select tenant_id, name, ciphertext from tenant_secrets`) {
    const aad = secretAad(String(s.tenant_id), String(s.name));
    const next = await reencryptSecret(keyring, String(s.ciphertext), aad);
    if (next === s.ciphertext) continue;
    await sql`update tenant_secrets set ciphertext = ${next}, key_id = ${keyring.activeKeyId}, updated_at = now()
               where tenant_id = ${String(s.tenant_id)} and name = ${String(s.name)}`;
    moved++;
  }
  return moved;
}

/** An operator sets a tenant's secret (write-only: the answer never carries it). */
export async function setTenantSecret(
  ops: OperateDeps,
  actor: Actor,
  tenantId: string,
  name: string,
  value: string,
): Promise<{ name: string; keyId: string }> {
  assertTenantAllowed(actor, tenantId);
  await mustReadTenant(ops, tenantId);
  return ops.sql('secret_set', (sql) => storeSecret(ops.keyring, sql, tenantId, name, value));
}

/** A tenant's secrets in plaintext, for the checks and rotations (never returned to a caller). */
export async function openTenantSecrets(ops: OperateDeps, tenantId: string): Promise<Map<string, string>> {
  const rows = await ops.sql('secret_open', (sql) =>
    Promise.resolve(sql`select name, ciphertext from tenant_secrets where tenant_id = ${tenantId}`),
  );
  const out = new Map<string, string>();
  for (const r of rows) {
    const name = String(r.name);
    try {
      out.set(name, await decryptSecret(ops.keyring, String(r.ciphertext), secretAad(tenantId, name)));
    } catch {
      // A secret sealed with a key this deployment lacks: the checks name it.
      throw new AppError('unprocessable', `Secret ${name} cannot be opened with MAX_SECRET_KEYS`, {
        details: { secret: name },
      });
    }
  }
  return out;
}
