import { answer, type EspoHandler, parseBody } from '../app/http.ts';
import type { EspoInstall } from '../install.ts';
import { processAction } from '../merge.ts';

/** Controllers/Action::postActionProcess: the generic actions (merge is one of them in 8.4). */
export const postAction =
  (i: EspoInstall): EspoHandler =>
  (c) =>
    answer(200, processAction(i.ctx, parseBody(c), c.get('user')));
