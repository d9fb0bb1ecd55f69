import { answer, type EspoHandler, searchParams } from '../app/http.ts';
import { HttpError } from '../errors.ts';
import { hydrate } from '../hydrate.ts';
import type { EspoInstall } from '../install.ts';
import { streamPost } from '../stream.ts';

/** Controllers/Stream on `/{Entity}/{id}/stream`: notes and changes, newest first, paged. */
export const getStream =
  (i: EspoInstall): EspoHandler =>
  (c) => {
    const [entity = '', id = ''] = c.get('parts');
    const rec = i.table(entity).get(id);
    if (!rec || rec.deleted) throw new HttpError(404, `Record ${id} does not exist.`);
    const posts = [...i.table('Note').values()]
      .filter((n) => n.parentId === id && !n.deleted)
      .map((n) => streamPost(hydrate(i.ctx, 'Note', n)));
    const all = [...posts, ...i.ctx.stream.forParent(id)].sort((a, b) => Number(b.number) - Number(a.number));
    const maxSize = Math.min(Number(searchParams(c).get('maxSize') ?? 20), 200);
    const offset = Number(searchParams(c).get('offset') ?? 0);
    return answer(200, { total: all.length, list: all.slice(offset, offset + maxSize), pinnedList: [] });
  };
