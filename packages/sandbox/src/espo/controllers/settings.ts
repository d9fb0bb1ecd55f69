import { answer, type EspoHandler, parseBody, requireAdmin } from '../app/http.ts';
import type { EspoInstall } from '../install.ts';
import { settingsBody, updateSettings } from '../settings.ts';

/** Controllers/Settings::getActionRead: the config a user may read (currencies, time zone…). */
export const readSettings =
  (i: EspoInstall): EspoHandler =>
  () =>
    answer(200, settingsBody(i.ctx.settings));

/** Controllers/Settings::putActionUpdate: admins only; the answer is the config as read after. */
export const putSettings =
  (i: EspoInstall): EspoHandler =>
  (c) => {
    requireAdmin(c);
    updateSettings(i.ctx.settings, parseBody(c));
    return answer(200, settingsBody(i.ctx.settings));
  };
