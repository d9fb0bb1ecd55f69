import { pickRequestId, toHttp } from '@max/core';
import { Hono } from 'hono';
import { type Bindings, loadConfig, type WorkerConfig } from './env.ts';
import { healthRoute } from './health-route.ts';
import { workerLogger } from './logger.ts';
import { webhookRoute } from './webhook-route.ts';

type App = { Bindings: Bindings; Variables: { requestId: string; config: WorkerConfig } };

const ROUTES: Record<string, string[]> = { '/webhooks/greenapi': ['POST'], '/api/health': ['GET'] };

export const app = new Hono<App>();

app.use('*', async (c, next) => {
  // A caller's id is reused only if it is short and log-safe: it travels in the queue message.
  const requestId = pickRequestId([c.req.header('x-request-id'), c.req.header('cf-ray')], () =>
    crypto.randomUUID(),
  );
  c.set('requestId', requestId);
  c.header('x-request-id', requestId);
  const allowed = ROUTES[c.req.path];
  if (allowed && !allowed.includes(c.req.method)) {
    c.header('allow', allowed.join(', '));
    return c.json({ error: { code: 'method_not_allowed', message: `Use ${allowed.join(', ')}` } }, 405);
  }
  const cfg = loadConfig(c.env);
  if (!cfg.ok) {
    workerLogger().error('config.invalid', { requestId, problems: cfg.problems });
    return c.json({ error: { code: 'unavailable', message: 'Service not configured' } }, 503);
  }
  c.set('config', cfg.config);
  await next();
});

app.post('/webhooks/greenapi', webhookRoute);
app.get('/api/health', healthRoute);

app.notFound((c) => c.json({ error: { code: 'not_found', message: 'No such route' } }, 404));
app.onError((err, c) => {
  // One place maps errors to HTTP; unknown errors leak nothing.
  const http = toHttp(err);
  workerLogger().error('unhandled', { requestId: c.get('requestId'), error: err.name });
  return c.json(http.body, http.status as 500);
});
