import { answer, type EspoHandler, requireAdmin } from '../app/http.ts';
import type { EspoInstall } from '../install.ts';

/** Controllers/Layout: read any user, write admins only (the body stored as sent). */
export const layout =
  (i: EspoInstall): EspoHandler =>
  async (c, next) => {
    const [entity, , name] = c.get('parts');
    const key = `${entity}/${name}`;
    if (c.req.method === 'GET') return answer(200, i.layouts[key] ?? []);
    if (c.req.method === 'PUT') {
      requireAdmin(c);
      const v = JSON.parse(c.get('raw') || 'null') as unknown;
      i.layouts[key] = v;
      return answer(200, v);
    }
    // Any other method is not a layout call: the record routes read the path.
    await next();
  };
