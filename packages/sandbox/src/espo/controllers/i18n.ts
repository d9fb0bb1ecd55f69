import { answer, type EspoHandler } from '../app/http.ts';
import { authenticate } from '../auth.ts';
import { i18nData, loginI18n } from '../i18n.ts';
import type { EspoInstall } from '../install.ts';

/**
 * routes.json: I18n is a no-auth route; without credentials it answers the login page's labels only.
 * `?default=true` is the install's language rather than the user's: the same here (users have none).
 */
export const getI18n =
  (i: EspoInstall): EspoHandler =>
  (c) => {
    const who = authenticate(c.req.raw.headers, c.req.method, c.env.apiPath, i.users);
    if (who === 'bad') return answer(401, '');
    const data = i18nData(i.custom?.i18n ?? {}, i.labels, i.ctx.settings.language);
    return answer(200, who === 'none' ? loginI18n(data) : data);
  };
