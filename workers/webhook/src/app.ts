import { pickRequestId } from '@max/core/queue';
import { AppError } from '@max/core/shared';
import { Hono } from 'hono';
import { adminRoute } from './admin-route.ts';
import { chatRoute } from './chat-route.ts';
import { consoleConfigRoute, consoleRoute } from './console-route.ts';
import { type Bindings, loadConfig, type WorkerConfig } from './env.ts';
import { healthRoute } from './health-route.ts';
import { errorResponse } from './http-error.ts';
import { workerLogger } from './logger.ts';
import { webhookRoute } from './webhook-route.ts';

type App = { Bindings: Bindings; Variables: { requestId: string; config: WorkerConfig } };

const ROUTES: Record<string, string[]> = {
  '/webhooks/greenapi': ['POST'],
  '/api/health': ['GET'],
  '/api/chat': ['POST'],
  '/api/console/config': ['GET'],
  '/api/console/me': ['GET'],
  '/api/console/activity': ['GET'],
  '/api/console/team': ['GET'],
  '/api/console/memory': ['GET'],
  '/api/console/pending': ['GET'],
  '/api/console/tenants': ['GET'],
  '/api/console/tenants/choose': ['POST'],
  '/api/console/usage': ['GET'],
  '/api/console/health': ['GET'],
  '/api/console/team/invites': ['POST'],
};

export const app = new Hono<App>();

const WEBHOOK_PATH = '/webhooks/greenapi';

app.use('*', async (c, next) => {
  const started = Date.now();
  // A caller's id is reused only if it is short and log-safe: it travels in the queue message.
  const requestId = pickRequestId([c.req.header('x-request-id'), c.req.header('cf-ray')], () =>
    crypto.randomUUID(),
  );
  c.set('requestId', requestId);
  c.header('x-request-id', requestId);
  const cfg = loadConfig(c.env);
  const log = workerLogger(cfg.ok ? cfg.config.LOG_LEVEL : 'info');
  const allowed = ROUTES[c.req.path];
  if (allowed && !allowed.includes(c.req.method)) {
    c.header('allow', allowed.join(', '));
    return errorResponse(c, new AppError('method_not_allowed', `Use ${allowed.join(', ')}`));
  }
  if (!cfg.ok) {
    // Fails closed: without its secrets the Worker accepts nothing (Green-API re-sends later).
    log.error('config.invalid', { requestId, problems: cfg.problems });
    return errorResponse(c, new AppError('unavailable', 'Service not configured'));
  }
  c.set('config', cfg.config);
  await next();
  // The webhook route writes its own, richer line; every other request gets this one.
  if (c.req.path !== WEBHOOK_PATH) {
    log.info('request', {
      requestId,
      method: c.req.method,
      // Admin paths carry tenant ids and phone numbers: the prefix is enough to follow them.
      path: c.req.path.startsWith('/api/admin/') ? '/api/admin/…' : c.req.path,
      status: c.res.status,
      durationMs: Date.now() - started,
    });
  }
});

app.post(WEBHOOK_PATH, webhookRoute);
app.get('/api/health', healthRoute);
app.post('/api/chat', chatRoute);
app.get('/api/console/config', consoleConfigRoute);
app.on(['GET', 'POST', 'PUT', 'DELETE'], '/api/console/*', consoleRoute);
app.all('/api/admin/*', adminRoute);

app.notFound((c) => errorResponse(c, new AppError('not_found', 'No such route')));
app.onError((err, c) => {
  // One place maps errors to HTTP; unknown errors leak nothing.
  workerLogger().error('unhandled', { requestId: c.get('requestId'), error: err.name });
  return errorResponse(c, err);
});
