import { mintAccessToken } from '@max/sandbox';
import type { Sql } from 'postgres';
import { type RestRequest, type RestResponse, rest } from '../../store/postgrest.ts';

/**
 * A signed-in person of a tenant, attacking the database the two ways Supabase lets them: raw SQL
 * as PostgREST runs it (`authenticated` with their token's claims, set locally in a transaction)
 * and requests shaped as PostgREST builds them. Their claims come from the access token hook
 * through the sandbox's token minting, exactly what their Supabase token would carry. Whatever an
 * attempt is allowed to do is committed: what it leaves behind is the point.
 */
export async function signedIn(admin: Sql, sql: Sql, tenant: string, userId: string, role: string) {
  await admin`insert into tenant_members (tenant_id, user_id, role) values (${tenant}, ${userId}, ${role})`;
  const { claims } = await mintAccessToken(admin, {
    userId,
    issuer: 'http://127.0.0.1:9101/auth/v1',
    secret: 'i18-attacks-jwt-secret-0123456789abcdef',
  });
  if (claims.tenant_id !== tenant)
    throw new Error(`the hook gave ${String(claims.tenant_id)}, not ${tenant}`);
  return {
    claims,
    /** One statement as this person, committed when accepted: 'accepted' or the SQLSTATE that refused it. */
    async sql(statement: string, params: Array<string | number | null> = []): Promise<string> {
      try {
        await sql.begin(async (tx) => {
          await tx`select set_config('role', 'authenticated', true),
                          set_config('request.jwt.claims', ${JSON.stringify(claims)}, true)`;
          await tx.unsafe(statement, params);
        });
        return 'accepted';
      } catch (e) {
        return (e as { code?: string }).code ?? String(e);
      }
    },
    /** A request to the REST API as this person, committed when accepted. */
    rest(req: Omit<RestRequest, 'commit'>): Promise<RestResponse> {
      return rest(sql, claims, { ...req, commit: true });
    },
  };
}

export type SignedIn = Awaited<ReturnType<typeof signedIn>>;
