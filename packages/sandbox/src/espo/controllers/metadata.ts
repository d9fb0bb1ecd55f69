import { answer, type EspoHandler, searchParams } from '../app/http.ts';
import type { EspoInstall } from '../install.ts';
import type { Rec } from '../records.ts';

/** Controllers/Metadata::getActionRead: the whole metadata, or the value at `?key=a.b.c`. */
export const getMetadata =
  (i: EspoInstall): EspoHandler =>
  (c) => {
    const key = searchParams(c).get('key');
    let v: unknown = i.metadata();
    if (key) for (const k of key.split('.')) v = (v as Rec | undefined)?.[k];
    // As 8.4.2 writes an action's result: a string raw (not JSON), a falsy value as an empty body.
    if (!v) return answer(200, '', { 'content-type': 'application/json' });
    return answer(200, v);
  };
