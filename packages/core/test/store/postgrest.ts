import type { Sql } from 'postgres';

/**
 * A request to Supabase's REST API, run the way PostgREST runs it: one transaction that sets the
 * role and the verified token's claims locally (with the request settings), then the one statement
 * PostgREST builds for the request (rows from json_populate_recordset, RPC arguments from
 * json_to_record), and the SQLSTATE mapped to the status PostgREST answers. Rolled back after, so a
 * test sees only what the statement returned (and reads the database itself to see what stayed).
 * Use `commit: true` for the attacks: what an attacker's request leaves behind is the point.
 */
export interface RestRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** `/rest/v1/<table>` or `/rest/v1/rpc/<function>`. */
  path: string;
  /** Row filters (`?col=eq.value`), as { col: value }. */
  eq?: Record<string, string>;
  body?: Record<string, unknown> | Array<Record<string, unknown>>;
  commit?: boolean;
}
export interface RestResponse {
  status: number;
  rows: unknown[];
  code?: string;
}

const ident = (s: string) => {
  if (!/^[a-z_][a-z0-9_]*$/.test(s)) throw new Error(`not an identifier: ${s}`);
  return `"${s}"`;
};

/** PostgREST's mapping of the errors these requests can meet (its docs, "Errors"). */
function statusOf(code: string | undefined, role: string): number {
  if (code === '42501') return role === 'anon' ? 401 : 403;
  if (code === '23505' || code === '23503') return 409;
  if (code === '42883' || code === '42P01') return 404;
  if (code?.startsWith('23') || code?.startsWith('22') || code === 'P0001') return 400;
  return 500;
}

async function statement(tx: Sql, req: RestRequest): Promise<{ text: string; params: string[] }> {
  const [, name] = req.path.match(/^\/rest\/v1\/(?:rpc\/)?([a-z_][a-z0-9_]*)$/) ?? [];
  if (!name) throw new Error(`not a REST path: ${req.path}`);
  const body = JSON.stringify(req.body ?? {});
  const filters = Object.entries(req.eq ?? {});
  /** `?col=eq.value` filters, their parameters numbered from `first`. */
  const where = (first: number) =>
    filters.length
      ? ` where ${filters.map(([c], i) => `${ident(c)}::text = $${first + i}`).join(' and ')}`
      : '';
  const values = filters.map(([, v]) => v);
  if (req.path.includes('/rpc/')) {
    const [fn] = await tx`
      select array_agg(a.name || ' ' || format_type(a.type, null) order by a.i) as defs, array_agg(a.name order by a.i) as names
        from pg_proc p, unnest(p.proargnames, p.proargtypes::oid[]) with ordinality as a(name, type, i)
       where p.pronamespace = 'public'::regnamespace and p.proname = ${name}`;
    const names = (fn?.names ?? []) as string[];
    const defs = (fn?.defs ?? []) as string[];
    const args = names.map((n) => `${ident(n)} := _.${ident(n)}`).join(', ');
    return {
      text: `select "public".${ident(name)}(${args}) as result from json_to_record($1::text::json) as _(${defs.join(', ') || 'x int'})`,
      params: [body],
    };
  }
  const t = `"public".${ident(name)}`;
  const cols = Object.keys(Array.isArray(req.body) ? (req.body[0] ?? {}) : (req.body ?? {})).map(ident);
  switch (req.method) {
    case 'GET':
      return { text: `select to_jsonb(_) as row from ${t} _${where(1)}`, params: values };
    case 'POST':
      return {
        text: `insert into ${t} (${cols.join(', ')}) select ${cols.join(', ')} from json_populate_recordset(null::${t}, $1::text::json) returning 1`,
        params: [Array.isArray(req.body) ? body : `[${body}]`],
      };
    case 'PATCH':
      return {
        text: `update ${t} set (${cols.join(', ')}) = (select ${cols.join(', ')} from json_populate_record(null::${t}, $1::text::json))${where(2)} returning 1`,
        params: [body, ...values],
      };
    case 'DELETE':
      return { text: `delete from ${t}${where(1)} returning 1`, params: values };
  }
}

export async function rest(
  sql: Sql,
  claims: Record<string, unknown> | null,
  req: RestRequest,
): Promise<RestResponse> {
  const role = typeof claims?.role === 'string' ? claims.role : 'anon';
  let out: RestResponse = { status: 500, rows: [] };
  await sql
    .begin(async (tx) => {
      await tx`select set_config('search_path', '"public", "extensions"', true),
                      set_config('role', ${role}, true),
                      set_config('request.jwt.claims', ${claims ? JSON.stringify(claims) : ''}, true),
                      set_config('request.method', ${req.method}, true),
                      set_config('request.path', ${req.path}, true),
                      set_config('request.headers', '{}', true)`;
      const { text, params } = await statement(tx as unknown as Sql, req);
      try {
        const rows = await tx.unsafe(text, params);
        out = { status: req.method === 'POST' && !req.path.includes('/rpc/') ? 201 : 200, rows: [...rows] };
      } catch (e) {
        const code = (e as { code?: string }).code;
        out = { status: statusOf(code, role), rows: [], ...(code ? { code } : {}) };
      }
      if (!req.commit || out.status >= 400) throw new Error('rollback');
    })
    .catch((e: Error) => {
      if (e.message !== 'rollback') throw e;
    });
  return out;
}
