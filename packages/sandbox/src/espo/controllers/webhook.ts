import { randomBytes } from 'node:crypto';
import { answer, type EspoHandler, parseBody } from '../app/http.ts';
import { HttpError } from '../errors.ts';
import type { EspoInstall } from '../install.ts';
import { createRecord } from '../record-write.ts';

/** Controllers/Webhook: an API user (or admin) subscribes to an entity event; 201 with the secret. */
export const createWebhook =
  (i: EspoInstall): EspoHandler =>
  (c) => {
    const user = c.get('user');
    const body = parseBody(c);
    if (!/^[A-Z][A-Za-z]+\.(create|update|delete|fieldUpdate\.[A-Za-z]+)$/.test(String(body.event ?? '')))
      throw new HttpError(403, 'Not supported event.');
    const { rec } = createRecord(i.ctx, 'Webhook', body, user, { skipDuplicateCheck: true });
    Object.assign(rec, {
      secretKey: randomBytes(16).toString('hex'),
      isActive: rec.isActive ?? true,
      entityType: String(rec.event).split('.')[0],
      type: String(rec.event).split('.')[1],
      field: null,
      // An admin's webhook records no owner; an API user's is owned (and the key is absent).
      ...(user.type === 'admin' ? { userName: null } : { userId: user.id }),
    });
    const { userId: _owner, ...shown } = rec;
    return answer(201, shown);
  };
