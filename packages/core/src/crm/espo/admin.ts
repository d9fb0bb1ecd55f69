import { describeError, isAppError } from '../../shared/errors.ts';
import type { CrmClient, HealthReport } from '../port.ts';
import type { EspoScope } from './client-scope.ts';
import { assertName } from './ids.ts';

type AdminCalls = Pick<CrmClient, 'createField' | 'addFieldToLayouts' | 'clearCache' | 'rebuild' | 'health'>;

/** The administrator's calls (Field Manager, layouts, cache, rebuild) and the health check. */
export function adminCalls(s: EspoScope, fields: CrmClient['fields']): AdminCalls {
  const { o, state, tenant, request, login } = s;
  return {
    async createField(entity, def) {
      assertName('entity', entity);
      const bare = /^c[A-Z]/.test(def.name) ? def.name.charAt(1).toLowerCase() + def.name.slice(2) : def.name;
      const stored = `c${bare.charAt(0).toUpperCase()}${bare.slice(1)}`;
      await login(o.adminAuth ?? o.auth);
      try {
        await request('POST', `/Admin/fieldManager/${entity}`, { body: { ...def, name: bare }, admin: true });
        state.fieldsCache.delete(entity);
        state.labels = undefined;
        return { name: stored, created: true };
      } catch (e) {
        if (isAppError(e) && e.code === 'conflict') return { name: stored, created: false };
        throw e;
      }
    },
    async addFieldToLayouts(entity, field, layouts = ['detail', 'list']) {
      assertName('entity', entity);
      for (const name of layouts) assertName('layout', name);
      await login(o.adminAuth ?? o.auth);
      const changed: string[] = [];
      for (const name of layouts) {
        const layout = await request<unknown>('GET', `/${entity}/layout/${name}`, { admin: true });
        const next = insertField(name, layout, field);
        if (!next) continue;
        await request('PUT', `/${entity}/layout/${name}`, { body: next, admin: true });
        changed.push(name);
      }
      return { changed };
    },
    async clearCache() {
      await login(o.adminAuth ?? o.auth);
      await request('POST', '/Admin/clearCache', { admin: true });
    },
    async rebuild() {
      await login(o.adminAuth ?? o.auth);
      await request('POST', '/Admin/rebuild', { admin: true });
    },
    async health(entities = ['Lead']): Promise<HealthReport> {
      const started = o.clock.now().getTime();
      const report: HealthReport = {
        reachable: false,
        authenticated: false,
        admin: null,
        tenantField: null,
        latencyMs: 0,
      };
      try {
        await login(o.auth);
        const me = await request<{ user?: { type?: string } }>('GET', '/App/user');
        report.reachable = true;
        report.authenticated = true;
        if (!o.adminAuth) report.admin = me?.user?.type === 'admin';
        else {
          try {
            await login(o.adminAuth);
            const admin = await request<{ user: { type: string } }>('GET', '/App/user', { admin: true });
            report.admin = admin.user.type === 'admin';
          } catch {
            report.admin = false;
          }
        }
        if (tenant) {
          report.tenantField = {};
          for (const e of entities) report.tenantField[e] = tenant.field in (await fields(e));
        }
      } catch (e) {
        report.reachable = isAppError(e) && (e.code === 'unauthorized' || e.code === 'forbidden');
        report.error = describeError(e).code;
      }
      report.latencyMs = o.clock.now().getTime() - started;
      return report;
    },
  };
}

type DetailPanel = { label?: string; rows: Array<Array<{ name: string } | false>> };

/** Returns the layout with the field added once, or null when it is already there. */
export function insertField(kind: string, layout: unknown, field: string): unknown | null {
  if (JSON.stringify(layout ?? null).includes(`"name":"${field}"`)) return null;
  if (kind === 'list') return [...((layout as unknown[]) ?? []), { name: field }];
  const panels =
    Array.isArray(layout) && layout.length
      ? (structuredClone(layout) as DetailPanel[])
      : [{ label: 'Overview', rows: [] }];
  panels[0]!.rows.push([{ name: field }, false]);
  return panels;
}
