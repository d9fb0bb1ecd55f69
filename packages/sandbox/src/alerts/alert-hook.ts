import { listen, readBody, send } from '../http/server.ts';

/**
 * The operator's alert channel (ALERT_WEBHOOK_URL) as a Slack-compatible incoming webhook takes it:
 * POST a JSON body, 200 "ok". Keeps what it got; `failNext(n)` answers 500 to the next n posts.
 */
export async function startAlertHook(opts: { port?: number } = {}) {
  const posted: Array<Record<string, unknown>> = [];
  let failing = 0;
  const srv = await listen(
    async (req, res) => {
      if (req.method !== 'POST') return send(res, 405, { error: 'POST only' });
      const body = JSON.parse((await readBody(req, 64 * 1024)).toString('utf8')) as Record<string, unknown>;
      if (failing > 0) {
        failing--;
        return send(res, 500, { error: 'injected' });
      }
      posted.push(body);
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
    },
    opts.port ?? 0,
    { name: 'alert-hook' },
  );
  return {
    url: `${srv.url}/alerts`,
    stop: srv.stop,
    /** Every alert accepted, oldest first. */
    posted,
    failNext(n: number) {
      failing = n;
    },
  };
}

export type AlertHook = Awaited<ReturnType<typeof startAlertHook>>;
