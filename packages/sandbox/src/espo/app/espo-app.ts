import { Hono } from 'hono';
import { postAction } from '../controllers/action.ts';
import { admin } from '../controllers/admin.ts';
import { appUser } from '../controllers/app-user.ts';
import { getI18n } from '../controllers/i18n.ts';
import { layout } from '../controllers/layout.ts';
import { entityAction } from '../controllers/lead.ts';
import { getMetadata } from '../controllers/metadata.ts';
import { recordCollection, recordItem } from '../controllers/record.ts';
import { relationship } from '../controllers/relationships.ts';
import { createRole } from '../controllers/role.ts';
import { putSettings, readSettings } from '../controllers/settings.ts';
import { getStream } from '../controllers/stream.ts';
import { createUser } from '../controllers/user.ts';
import { createWebhook } from '../controllers/webhook.ts';
import { HttpError, notFound } from '../errors.ts';
import type { EspoInstall } from '../install.ts';
import { answer, type EspoEnv } from './http.ts';
import { authentication, type FaultSource, faultsAndLatency } from './middleware.ts';

/**
 * The stand-in's REST API as a route table, in the order EspoCRM's routes.json and its controllers
 * decide: faults and latency, the no-auth I18n route, authentication, then one controller per route.
 * A handler that does not own a method passes the request on (`next`), as EspoCRM's generic
 * `/:controller/:id/:link` routes catch what the specific ones leave.
 */
export function createEspoApp(i: EspoInstall, faults: FaultSource): Hono<EspoEnv> {
  const app = new Hono<EspoEnv>().basePath('/api/v1');
  app.use('*', faultsAndLatency(faults));
  app.get('/I18n', getI18n(i));
  app.use('*', authentication(i));

  app.get('/App/user/*', appUser(i));
  app.get('/Settings', readSettings(i));
  app.put('/Settings', putSettings(i));
  app.get('/Metadata/*', getMetadata(i));
  app.all('/Admin/*', admin(i));
  app.post('/Action', postAction(i));

  // Every route below names an entity: an unknown one is a missing controller.
  app.all('/*', async (c, next) => {
    const [entity] = c.get('parts');
    if (!i.isEntity(entity as string)) throw notFound(`Controller '${entity}' does not exist.`);
    await next();
  });
  app.all('/:entity/layout/:name/*', layout(i));
  app.post('/Role', createRole(i));
  app.post('/User', createUser(i));
  app.post('/Webhook', createWebhook(i));
  app.all('/:entity/action/:action/*', entityAction(i));
  app.all('/:entity', recordCollection(i));
  app.get('/:entity/:id/stream/*', getStream(i));
  app.all('/:entity/:id/:link/*', relationship(i));
  app.all('/:entity/:id', recordItem(i));

  app.notFound(() => answer(404, ''));
  app.onError((e) =>
    e instanceof HttpError
      ? answer(e.status, e.body, e.reason === null ? {} : { 'X-Status-Reason': e.reason })
      : answer(500, '', { 'X-Status-Reason': 'Internal error' }),
  );
  return app;
}
