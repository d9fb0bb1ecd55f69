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
import { answer, type EspoEnv, type EspoHandler } from './http.ts';
import { authentication, type FaultSource, faultsAndLatency } from './middleware.ts';

/** A controller of the install, as the route table names it. */
type Controller = (i: EspoInstall) => EspoHandler;

/** Every route after this one names an entity: an unknown one is a missing controller. */
const knownEntity: Controller = (i) => async (c, next) => {
  const [entity] = c.get('parts');
  if (!i.isEntity(entity as string)) throw notFound(`Controller '${entity}' does not exist.`);
  await next();
};

/** [method ('ALL': any), path, controller], in the order they are tried. */
const ROUTES: Array<[string, string, Controller]> = [
  ['GET', '/App/user/*', appUser],
  ['GET', '/Settings', readSettings],
  ['PUT', '/Settings', putSettings],
  ['GET', '/Metadata/*', getMetadata],
  ['ALL', '/Admin/*', admin],
  ['POST', '/Action', postAction],
  ['ALL', '/*', knownEntity],
  ['ALL', '/:entity/layout/:name/*', layout],
  ['POST', '/Role', createRole],
  ['POST', '/User', createUser],
  ['POST', '/Webhook', createWebhook],
  ['ALL', '/:entity/action/:action/*', entityAction],
  ['ALL', '/:entity', recordCollection],
  ['GET', '/:entity/:id/stream/*', getStream],
  ['ALL', '/:entity/:id/:link/*', relationship],
  ['ALL', '/:entity/:id', recordItem],
];

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
  for (const [method, path, controller] of ROUTES) app.on(method, path, controller(i));

  app.notFound(() => answer(404, ''));
  app.onError((e) =>
    e instanceof HttpError
      ? answer(e.status, e.body, e.reason === null ? {} : { 'X-Status-Reason': e.reason })
      : answer(500, '', { 'X-Status-Reason': 'Internal error' }),
  );
  return app;
}
