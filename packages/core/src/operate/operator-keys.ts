import { OPERATOR_SCOPES, type OperatorScope } from '../queue/admin-commands.ts';
import type { PresentedKey } from '../queue/operator-key.ts';
import { sha256Hex, toHex } from '../shared/crypto.ts';
import { AppError } from '../shared/errors.ts';
import type { SqlClient } from '../store/postgres/sql-client.ts';

export interface OperatorKeyInfo {
  id: string;
  name: string;
  scopes: OperatorScope[];
  tenantIds: string[] | null;
  createdAt: string;
  createdBy: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

const base64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

/** A new key: shown once to whoever made it; only its hash is stored. */
export async function mintOperatorKey(): Promise<{ id: string; key: string; hash: string }> {
  const id = toHex(crypto.getRandomValues(new Uint8Array(6)));
  const key = `mxop_${id}_${base64url(crypto.getRandomValues(new Uint8Array(32)))}`;
  return { id, key, hash: await sha256Hex(key) };
}

export function parseScopes(raw: string): OperatorScope[] {
  const wanted = raw === 'all' ? [...OPERATOR_SCOPES] : raw.split(',').map((s) => s.trim());
  const bad = wanted.filter((s) => !(OPERATOR_SCOPES as readonly string[]).includes(s));
  if (bad.length || !wanted.length)
    throw new AppError(
      'validation',
      `unknown scope ${bad.join(', ')} (one of: ${OPERATOR_SCOPES.join(', ')}, or all)`,
    );
  return [...new Set(wanted)] as OperatorScope[];
}

export async function createOperatorKey(
  sql: SqlClient,
  o: { name: string; scopes: OperatorScope[]; tenantIds: string[] | null; createdBy: string },
): Promise<{ id: string; key: string }> {
  const minted = await mintOperatorKey();
  await sql`
    insert into operator_keys (id, name, key_hash, scopes, tenant_ids, created_by)
    values (${minted.id}, ${o.name}, ${minted.hash}, ${`{${o.scopes.join(',')}}`}::text[],
            ${o.tenantIds ? `{${o.tenantIds.join(',')}}` : null}::text[], ${o.createdBy})`;
  return { id: minted.id, key: minted.key };
}

export async function revokeOperatorKey(sql: SqlClient, id: string): Promise<boolean> {
  const rows =
    await sql`update operator_keys set revoked_at = now() where id = ${id} and revoked_at is null returning id`;
  return rows.length === 1;
}

export async function listOperatorKeys(sql: SqlClient): Promise<OperatorKeyInfo[]> {
  const rows = await sql`
    select id, name, scopes, tenant_ids, created_at, created_by, revoked_at, last_used_at
      from operator_keys order by created_at, id`;
  return rows.map((r) => ({
    id: String(r.id),
    name: String(r.name),
    scopes: r.scopes as OperatorScope[],
    tenantIds: (r.tenant_ids as string[] | null) ?? null,
    createdAt: new Date(r.created_at as string).toISOString(),
    createdBy: String(r.created_by),
    revokedAt: r.revoked_at ? new Date(r.revoked_at as string).toISOString() : null,
    lastUsedAt: r.last_used_at ? new Date(r.last_used_at as string).toISOString() : null,
  }));
}

/**
 * The key behind a presented id and hash, if it exists and is not revoked (one statement that also
 * records its use). Unknown, revoked or wrong: null, the same answer for all three.
 */
export async function authenticateOperatorKey(
  sql: SqlClient,
  presented: PresentedKey,
): Promise<{ id: string; scopes: OperatorScope[]; tenantIds: string[] | null } | null> {
  const [row] = await sql`
    update operator_keys set last_used_at = now()
     where id = ${presented.id} and key_hash = ${presented.hash} and revoked_at is null
    returning id, scopes, tenant_ids`;
  if (!row) return null;
  return {
    id: String(row.id),
    scopes: row.scopes as OperatorScope[],
    tenantIds: (row.tenant_ids as string[] | null) ?? null,
  };
}
