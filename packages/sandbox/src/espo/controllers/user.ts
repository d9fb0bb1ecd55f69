import { randomBytes } from 'node:crypto';
import { userCreateBody } from '../accounts.ts';
import { answer, type EspoHandler, parseBody, requireAdmin } from '../app/http.ts';
import type { EspoUser } from '../auth.ts';
import type { EspoInstall } from '../install.ts';

/** Controllers/User: an admin creates a user; an API user gets its key (and secret for HMAC). */
export const createUser =
  (i: EspoInstall): EspoHandler =>
  (c) => {
    requireAdmin(c);
    const user = c.get('user');
    const body = parseBody(c);
    const type = body.type === 'api' ? 'api' : body.type === 'admin' ? 'admin' : 'regular';
    const created: EspoUser = {
      id: i.newId(),
      userName: String(body.userName ?? ''),
      type,
      tokens: new Set(),
      createdAt: i.now(),
      createdById: user.id,
      createdByName: user.name ?? user.userName,
      rolesIds: Array.isArray(body.rolesIds) ? body.rolesIds.map(String) : [],
      ...(type === 'api'
        ? {
            authMethod: body.authMethod === 'Hmac' ? ('Hmac' as const) : ('ApiKey' as const),
            apiKey: randomBytes(16).toString('hex'),
            ...(body.authMethod === 'Hmac' ? { secretKey: randomBytes(16).toString('hex') } : {}),
          }
        : { password: String(body.password ?? ''), lastName: String(body.lastName ?? body.userName) }),
    };
    i.users.push(created);
    return answer(200, userCreateBody(created, i.roles));
  };
