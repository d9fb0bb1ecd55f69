import { createAnswer, updateAnswer } from '../answers.ts';
import { answer, type EspoHandler, parseBody, searchParams } from '../app/http.ts';
import type { EspoInstall } from '../install.ts';
import { listRecords, readRecord } from '../record-read.ts';
import { createRecord, deleteRecord, updateRecord, writtenInput } from '../record-write.ts';
import { shapeGet } from '../records.ts';
import { readShape } from '../shapes.ts';

/** Core/Controllers/Record on `/{Entity}`: GET lists, POST creates (duplicate check unless skipped). */
export const recordCollection =
  (i: EspoInstall): EspoHandler =>
  (c) => {
    const [entity = ''] = c.get('parts');
    if (c.req.method === 'GET')
      return answer(200, listRecords(i.ctx, entity, searchParams(c), c.req.header('x-no-total') === 'true'));
    if (c.req.method === 'POST') {
      const body = parseBody(c);
      // CreateParamsFetcher: the header wins; without it, the legacy body flags.
      const header = c.req.header('x-skip-duplicate-check');
      const skip =
        header !== undefined
          ? header.toLowerCase() === 'true'
          : Boolean(body._skipDuplicateCheck ?? body.skipDuplicateCheck ?? body.forceDuplicate ?? false);
      const { rec, provided } = createRecord(i.ctx, entity, body, c.get('user'), {
        skipDuplicateCheck: skip,
      });
      return answer(200, createAnswer(i.ctx, entity, rec, provided, writtenInput(i.ctx, entity, body)));
    }
    return answer(405, '');
  };

/** Core/Controllers/Record on `/{Entity}/{id}`: read, update (PUT or PATCH), delete. */
export const recordItem =
  (i: EspoInstall): EspoHandler =>
  (c) => {
    const [entity = '', id = ''] = c.get('parts');
    const method = c.req.method;
    if (method === 'GET') return answer(200, readRecord(i.ctx, entity, id));
    if (method === 'PUT' || method === 'PATCH') {
      const rec = i.table(entity).get(id);
      // The Lead answer still shows the phone flags/data loaded before the save (as 8.4.2 does).
      const before = rec
        ? { phone: rec.phoneNumber, optedOut: rec.phoneNumberIsOptedOut, invalid: rec.phoneNumberIsInvalid }
        : null;
      const prior = rec && !rec.deleted ? readShape(i.ctx, entity, rec) : null;
      const body = parseBody(c);
      const updated = updateRecord(i.ctx, entity, id, body, c.get('user'));
      if (entity === 'Lead' && updated.phoneNumber) {
        updated.phoneNumberIsOptedOut = false;
        updated.phoneNumberIsInvalid = false;
      }
      const shaped = updateAnswer(i.ctx, entity, prior, updated, writtenInput(i.ctx, entity, body));
      if (entity === 'Lead' && before && before.phone !== updated.phoneNumber) {
        shaped.phoneNumberIsOptedOut = before.optedOut ?? null;
        shaped.phoneNumberIsInvalid = before.invalid ?? null;
        shaped.phoneNumberData = shapeGet(entity, { ...updated, phoneNumber: before.phone }).phoneNumberData;
      }
      return answer(200, shaped);
    }
    if (method === 'DELETE') {
      deleteRecord(i.ctx, entity, id);
      return answer(200, true);
    }
    return answer(405, '');
  };
