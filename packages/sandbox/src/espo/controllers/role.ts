import { roleCreateBody } from '../accounts.ts';
import { answer, type EspoHandler, parseBody, requireAdmin } from '../app/http.ts';
import type { EspoInstall } from '../install.ts';

/** Controllers/Role: an admin creates a role (its name kept for the users created with it). */
export const createRole =
  (i: EspoInstall): EspoHandler =>
  (c) => {
    requireAdmin(c);
    const id = i.newId();
    const rec = roleCreateBody(id, parseBody(c), i.now());
    i.roles.set(id, String(rec.name));
    i.table('Role').set(id, rec);
    return answer(200, rec);
  };
