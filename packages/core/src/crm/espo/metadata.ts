import { isAppError } from '../../shared/errors.ts';
import type { CrmClient, CrmLabels, FieldDef } from '../port.ts';
import type { EspoScope } from './client-scope.ts';
import { assertName } from './ids.ts';

type MetadataCalls = Pick<CrmClient, 'currentUserId' | 'fields' | 'labels'>;

/** What the install says about itself: the API user, field definitions and labels (all cached). */
export function metadataCalls(s: EspoScope): MetadataCalls {
  const { o, state, request, login, fieldsTtl } = s;
  return {
    async currentUserId() {
      if (state.userId) return state.userId;
      const res = await request<{ user: { id: string }; token?: string }>('GET', '/App/user');
      if (o.auth.kind === 'basic' && res.token) state.tokens.set(o.auth.username, res.token);
      state.userId = res.user.id;
      return state.userId;
    },
    async fields(entity) {
      assertName('entity', entity);
      const cached = state.fieldsCache.get(entity);
      if (cached && o.clock.now().getTime() - cached.at < fieldsTtl) return cached.fields;
      await login(o.auth);
      let fields = await request<Record<string, FieldDef> | null>('GET', '/Metadata', {
        query: new URLSearchParams({ key: `entityDefs.${entity}.fields` }),
      }).catch((e: unknown) => {
        // EspoCRM before 8.2 has no `?key=`: fall back to the full metadata below.
        if (isAppError(e) && (e.code === 'bad_request' || e.code === 'not_found')) return null;
        throw e;
      });
      if (!fields || typeof fields !== 'object' || Array.isArray(fields)) {
        const all = await request<{ entityDefs?: Record<string, { fields?: Record<string, FieldDef> }> }>(
          'GET',
          '/Metadata',
        );
        fields = all?.entityDefs?.[entity]?.fields ?? {};
      }
      state.fieldsCache.set(entity, { at: o.clock.now().getTime(), fields });
      return fields;
    },
    async labels() {
      const cached = state.labels;
      if (cached && o.clock.now().getTime() - cached.at < fieldsTtl) return cached.value;
      await login(o.auth);
      const res = await request<Record<string, unknown> | null>('GET', '/I18n');
      const value = pickLabels(res);
      state.labels = { at: o.clock.now().getTime(), value };
      return value;
    },
  };
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const strings = (v: unknown): Record<string, string> =>
  isObject(v)
    ? Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string'))
    : {};

/** Only what names fields and values is kept of `GET I18n` (the whole answer is large). */
function pickLabels(res: Record<string, unknown> | null): CrmLabels {
  const out: CrmLabels = {};
  for (const [scope, data] of Object.entries(res ?? {})) {
    if (!isObject(data)) continue;
    const fields = strings(data.fields);
    const options = isObject(data.options)
      ? Object.fromEntries(Object.entries(data.options).map(([f, o]) => [f, strings(o)]))
      : {};
    if (Object.keys(fields).length || Object.keys(options).length) out[scope] = { fields, options };
  }
  return out;
}
