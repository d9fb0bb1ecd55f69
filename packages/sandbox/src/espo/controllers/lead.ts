import { answer, type EspoHandler, parseBody } from '../app/http.ts';
import { convertAttributes, convertLead } from '../convert.ts';
import { notFound } from '../errors.ts';
import type { EspoInstall } from '../install.ts';

/** Crm/Controllers/Lead: postActionConvert, postActionGetConvertAttributes; any other action is 404. */
export const entityAction =
  (i: EspoInstall): EspoHandler =>
  (c) => {
    const [entity = '', , action = ''] = c.get('parts');
    const method = c.req.method;
    if (method === 'POST' && entity === 'Lead' && action === 'convert')
      return answer(200, convertLead(i.ctx, parseBody(c), c.get('user')));
    if (method === 'POST' && entity === 'Lead' && action === 'getConvertAttributes')
      return answer(200, convertAttributes(i.ctx, parseBody(c)));
    throw notFound(`Action ${method} '${action}' does not exist in controller '${entity}'.`);
  };
