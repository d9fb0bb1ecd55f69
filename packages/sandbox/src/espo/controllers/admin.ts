import { answer, type EspoHandler, requireAdmin } from '../app/http.ts';
import type { EspoInstall } from '../install.ts';
import { fieldManager } from './field-manager.ts';

/** Controllers/Admin: rebuild and clearCache (admins only), and the Field Manager under it. */
export const admin =
  (i: EspoInstall): EspoHandler =>
  (c) => {
    requireAdmin(c);
    const [, action, entity, field] = c.get('parts');
    if (action === 'rebuild' || action === 'clearCache') return answer(200, true);
    if (action === 'fieldManager' && entity) return fieldManager(i, c, entity, field);
    return answer(404, '');
  };
