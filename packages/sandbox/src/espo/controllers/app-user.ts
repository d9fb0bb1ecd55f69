import { randomBytes } from 'node:crypto';
import { appUserBody } from '../accounts.ts';
import { answer, type EspoHandler } from '../app/http.ts';
import { type EspoInstall, SYSTEM_ENTITIES } from '../install.ts';

/** Controllers/App::getActionUser: the user, and a token when Espo-Authorization logs in. */
export const appUser =
  (i: EspoInstall): EspoHandler =>
  (c) => {
    const user = c.get('user');
    // Espo-Authorization creates (or reuses) a token; Basic and API keys get none.
    let token: string | null | undefined;
    if (user.type !== 'api') {
      const espoAuth = c.req.header('espo-authorization');
      if (!espoAuth) token = undefined;
      else if (c.req.header('espo-authorization-by-token') === 'true') {
        token = Buffer.from(espoAuth, 'base64').toString('utf8').split(':').slice(1).join(':');
      } else {
        token = randomBytes(16).toString('hex');
        user.tokens.add(token);
      }
    } else token = null;
    return answer(200, appUserBody(user, token, [...Object.keys(i.meta.entityDefs), ...SYSTEM_ENTITIES]));
  };
