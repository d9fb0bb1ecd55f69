import { describe, expect, it } from 'vitest';
import { callers, db, keyCol, outcome, useTwoTenants } from './rls-setup.ts';
import { asClaims, personClaims, TENANT_TABLES } from './seed.ts';

/**
 * Tries to break tenant isolation in SQL, as both kinds of database caller: the agent's units of
 * work (`max_agent` with tenant A's claim, as max_enter sets it) and a signed-in person of tenant A
 * (`authenticated` with the claims the REST API sets). Every attempt on beta's rows affects nothing.
 */
describe('row-level security between tenants', () => {
  useTwoTenants();

  for (const table of TENANT_TABLES) {
    describe(table, () => {
      for (const [who, role, claims] of callers) {
        it(`${who} sees only alpha's rows, never beta's (or is refused the table)`, async () => {
          const rows = await asClaims(db.sql, role, claims, async (tx) => {
            try {
              return await tx.unsafe(`select ${keyCol(table)} as t from public.${table}`);
            } catch (e) {
              return (e as { code?: string }).code ?? 'error';
            }
          });
          // People never read the secrets' ciphertexts; everything else they read is their tenant's.
          if (role === 'authenticated' && table === 'tenant_secrets') {
            expect(rows).toBe('42501');
            return;
          }
          if (typeof rows === 'string') throw new Error(`refused: ${rows}`);
          expect(rows.length).toBeGreaterThan(0);
          expect(rows.every((r) => r.t === 'alpha')).toBe(true);
        });

        it(`${who} cannot update or delete beta's rows (0 rows or refused)`, async () => {
          const col =
            table === 'tenants'
              ? 'name'
              : table === 'max_logs'
                ? 'action'
                : table === 'tenant_members'
                  ? 'role'
                  : 'tenant_id';
          const upd = await asClaims(db.sql, role, claims, (tx) =>
            outcome(() =>
              tx.unsafe(`update public.${table} set ${col} = ${col} where ${keyCol(table)} = 'beta'`),
            ),
          );
          const del = await asClaims(db.sql, role, claims, (tx) =>
            outcome(() => tx.unsafe(`delete from public.${table} where ${keyCol(table)} = 'beta'`)),
          );
          expect([0, '42501']).toContain(upd);
          expect([0, '42501']).toContain(del);
          const still = await db.admin.unsafe(
            `select count(*)::int as n from public.${table} where ${keyCol(table)} = 'beta'`,
          );
          expect(still[0]!.n).toBeGreaterThan(0);
        });
      }

      it('anon sees nothing', async () => {
        const res = await asClaims(db.sql, 'anon', null, async (tx) => {
          try {
            return (await tx.unsafe(`select count(*)::int as n from public.${table}`))[0]!.n;
          } catch (e) {
            return (e as { code?: string }).code;
          }
        });
        expect([0, '42501']).toContain(res);
      });

      it('a signed-in person sees nothing without a tenant claim, or with a claim for a tenant they are not a member of', async () => {
        for (const claims of [
          { sub: personClaims('alpha', 'owner').sub, role: 'authenticated' },
          // Beta's owner holding a token that names alpha (stale, or minted elsewhere): the database
          // asks tenant_members, not the token.
          { ...personClaims('beta', 'owner'), tenant_id: 'alpha', tenant_role: 'owner' },
        ]) {
          const n = await asClaims(db.sql, 'authenticated', claims, async (tx) => {
            try {
              return (await tx.unsafe(`select count(*)::int as n from public.${table}`))[0]!.n;
            } catch (e) {
              return (e as { code?: string }).code;
            }
          });
          expect([0, '42501']).toContain(n);
        }
      });
    });
  }
});
