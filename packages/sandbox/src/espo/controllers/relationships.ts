import { answer, type EspoHandler, parseBody, searchParams } from '../app/http.ts';
import type { EspoInstall } from '../install.ts';
import { linkRecords, unlinkRecords } from '../record-links.ts';
import { listLinked } from '../record-read.ts';

/** Core/Controllers/Record on `/{Entity}/{id}/{link}`: list the related records, link, unlink. */
export const relationship =
  (i: EspoInstall): EspoHandler =>
  (c) => {
    const [entity = '', id = '', link = ''] = c.get('parts');
    const method = c.req.method;
    if (method === 'GET') return answer(200, listLinked(i.ctx, entity, id, link, searchParams(c)));
    if (method === 'POST') return answer(200, linkRecords(i.ctx, entity, id, link, parseBody(c)));
    if (method === 'DELETE') return answer(200, unlinkRecords(i.ctx, entity, id, link, parseBody(c)));
    return answer(404, '');
  };
