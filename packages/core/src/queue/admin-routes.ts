import { type AdminAction, type AdminCommand, adminCommandSchema } from './admin-commands.ts';

/**
 * The operator API's routes (under /api/admin): each maps a method and a path to one command. The
 * Worker matches and validates here, the agent validates the command again with the same schema.
 */
export interface AdminRoute {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Segments after /api/admin; `:name` is a parameter. */
  path: string;
  action: AdminAction;
  /** Takes a JSON object body (an absent body reads as {}). */
  body?: boolean;
  /** Query parameters it reads. */
  query?: string[];
}

export const ADMIN_PREFIX = '/api/admin';

export const ADMIN_ROUTES: readonly AdminRoute[] = [
  { method: 'GET', path: '/tenants', action: 'tenant.list' },
  { method: 'POST', path: '/tenants', action: 'tenant.create', body: true },
  { method: 'GET', path: '/tenants/:tenantId', action: 'tenant.get' },
  { method: 'PATCH', path: '/tenants/:tenantId', action: 'tenant.update', body: true },
  { method: 'DELETE', path: '/tenants/:tenantId', action: 'tenant.delete' },
  { method: 'POST', path: '/tenants/:tenantId/activate', action: 'tenant.activate' },
  { method: 'POST', path: '/tenants/:tenantId/disable', action: 'tenant.disable' },
  { method: 'POST', path: '/tenants/:tenantId/checks', action: 'tenant.checks', query: ['fix'] },
  { method: 'GET', path: '/tenants/:tenantId/webhook', action: 'tenant.webhook' },
  { method: 'GET', path: '/tenants/:tenantId/health', action: 'tenant.health' },
  { method: 'PUT', path: '/tenants/:tenantId/secrets/:name', action: 'secret.set', body: true },
  { method: 'PUT', path: '/tenants/:tenantId/senders/:phone', action: 'sender.set', body: true },
  { method: 'DELETE', path: '/tenants/:tenantId/senders/:phone', action: 'sender.remove' },
  { method: 'POST', path: '/tenants/:tenantId/senders/:phone/erase', action: 'sender.erase', body: true },
  { method: 'PUT', path: '/tenants/:tenantId/members/:userId', action: 'member.set', body: true },
  { method: 'DELETE', path: '/tenants/:tenantId/members/:userId', action: 'member.remove' },
  { method: 'POST', path: '/tenants/:tenantId/rotations/crm', action: 'rotation.crm', body: true },
  { method: 'POST', path: '/tenants/:tenantId/rotations/greenapi', action: 'rotation.greenapi', body: true },
  { method: 'GET', path: '/tenants/:tenantId/usage', action: 'usage.get', query: ['month'] },
  { method: 'GET', path: '/tenants/:tenantId/statement', action: 'statement.get', query: ['month'] },
  { method: 'PUT', path: '/tenants/:tenantId/plan', action: 'plan.set', body: true },
  { method: 'POST', path: '/tenants/:tenantId/limits/lift', action: 'limits.lift', body: true },
  { method: 'GET', path: '/tenants/:tenantId/export', action: 'data.export' },
];

export type RouteMatch =
  | { kind: 'match'; route: AdminRoute; params: Record<string, string> }
  /** The path exists with other methods (405 with Allow). */
  | { kind: 'method'; allowed: string[] }
  | { kind: 'none' };

const segments = (p: string) => p.split('/').filter(Boolean);

/** Finds the route of a request path (with or without the /api/admin prefix). */
export function matchAdminRoute(method: string, pathname: string): RouteMatch {
  const rel = pathname.startsWith(ADMIN_PREFIX) ? pathname.slice(ADMIN_PREFIX.length) : pathname;
  const parts = segments(rel);
  const allowed: string[] = [];
  for (const route of ADMIN_ROUTES) {
    const want = segments(route.path);
    if (want.length !== parts.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    for (const [i, w] of want.entries()) {
      const got = parts[i]!;
      if (w.startsWith(':')) {
        try {
          params[w.slice(1)] = decodeURIComponent(got);
        } catch {
          ok = false;
        }
      } else if (w !== got) ok = false;
      if (!ok) break;
    }
    if (!ok) continue;
    if (route.method === method.toUpperCase()) return { kind: 'match', route, params };
    allowed.push(route.method);
  }
  return allowed.length ? { kind: 'method', allowed } : { kind: 'none' };
}

export type CommandParse =
  | { ok: true; command: AdminCommand }
  | { ok: false; issues: Array<{ path: string; message: string }> };

/** `2026-12`: the month `now` is in (UTC), the default of usage and statements. */
export const monthOf = (now: Date) => now.toISOString().slice(0, 7);

/** The command a matched request asks for, validated (path parameters, query, JSON body). */
export function adminCommandOf(
  m: { route: AdminRoute; params: Record<string, string> },
  query: { get(name: string): string | null },
  body: unknown,
  now: Date,
): CommandParse {
  const input: Record<string, unknown> = { action: m.route.action, ...m.params };
  for (const q of m.route.query ?? []) {
    const v = query.get(q);
    input[q] = v ?? (q === 'month' ? monthOf(now) : undefined);
  }
  if (m.route.body) input.body = body ?? {};
  const res = adminCommandSchema.safeParse(input);
  if (res.success) return { ok: true, command: res.data };
  return {
    ok: false,
    issues: res.error.issues.slice(0, 10).map((i) => ({ path: i.path.join('.'), message: i.message })),
  };
}
