import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { compare, type Json, Substitutions } from './contract-compare.ts';

/**
 * Replays every recorded EspoCRM 8.4.2 exchange (../shared/contracts/espocrm) against a live
 * target, in file order: same status, same X-Status-Reason, same body shape and the same values
 * where they do not depend on ids/time. The target is the stand-in or a real, fresh EspoCRM: the
 * recording starts from a fresh install (files 03–05 make the role and the API users).
 */
const REPO = fileURLToPath(new URL('../../../../', import.meta.url));

/** `../shared` beside the repository; from a git worktree, beside the main checkout. */
function sharedContracts(): string {
  const beside = resolve(REPO, '../shared/contracts/espocrm');
  if (existsSync(beside)) return beside;
  try {
    const common = execFileSync('git', ['rev-parse', '--path-format=absolute', '--git-common-dir'], {
      cwd: REPO,
      encoding: 'utf8',
    }).trim();
    return resolve(common, '../../shared/contracts/espocrm');
  } catch {
    return beside;
  }
}

export const CONTRACTS_DIR = process.env.ESPO_CONTRACTS_DIR ?? sharedContracts();
export const CONTRACT_FILES = existsSync(CONTRACTS_DIR)
  ? readdirSync(CONTRACTS_DIR)
      .filter((f) => /^\d+-.*\.json$/.test(f))
      .sort()
  : [];

interface Exchange {
  name: string;
  request: {
    method: string;
    path: string;
    queryString?: string;
    headers: Record<string, string>;
    body: Json;
  };
  response: { status: number; headers: Record<string, string | null>; body: Json };
}

/** What a replay needs of its target. */
export interface ReplayTarget {
  url: string;
  admin: { user: string; password: string };
  /** Runs EspoCRM's webhook queue job (its deliveries are POSTed to the replay's receiver). */
  runWebhookQueue(): Promise<void>;
  stop?(): Promise<void>;
}

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

/** node:http, not fetch: fetch would add a text/plain content type where the recording had none. */
function send(url: string, method: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  return new Promise((ok, fail) => {
    const req = httpRequest(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        ok({
          status: res.statusCode ?? 0,
          headers: res.headers,
          text: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
    req.on('error', fail);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

/**
 * Registers one `it` per recorded file (call inside `describe`); `start` makes the target in
 * `beforeAll`. Each replay has its own id mapping, credentials and webhook receiver.
 */
export function replayContracts(start: () => Promise<ReplayTarget>): void {
  const subst = new Substitutions();
  /** Credentials learned during the replay (the API users are created by files 04 and 05). */
  const creds = { apiKey: '', hmacKey: '', hmacSecret: '', token: '', admin: '', password: '' };
  const webhooks = new Map<string, { id: string; secretKey: string }>();
  /** The local receiver that replaces the recorder's webhook URL (127.0.0.1:8099). */
  const hooks: Array<{ path: string; headers: IncomingHttpHeaders; body: string }> = [];
  const hookServer = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      hooks.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  let target: ReplayTarget;

  beforeAll(async () => {
    target = await start();
    creds.admin = target.admin.user;
    creds.password = target.admin.password;
    await new Promise<void>((r) => hookServer.listen(0, '127.0.0.1', r));
    subst.set('http://127.0.0.1:8099', `http://127.0.0.1:${(hookServer.address() as AddressInfo).port}`);
  }, 120_000);
  afterAll(async () => {
    await target?.stop?.();
    await new Promise((r) => hookServer.close(r));
  });

  function mapHeaders(h: Record<string, string>, method: string, apiPath: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(h)) {
      if (!v.includes('<')) {
        out[k] = v;
        continue;
      }
      const key = k.toLowerCase();
      if (key === 'x-api-key') out[k] = creds.apiKey;
      else if (key === 'espo-authorization')
        out[k] = b64(`${creds.admin}:${v.includes('token') ? creds.token : creds.password}`);
      else if (key === 'authorization') out[k] = `Basic ${b64(`${creds.admin}:${creds.password}`)}`;
      else if (key === 'x-hmac-authorization') {
        const msg = v.match(/msg="([^"]+)"/)?.[1] ?? `${method} ${apiPath}`;
        const secret = v.includes('WRONG') ? 'wrong-secret' : creds.hmacSecret;
        const digest = createHmac('sha256', secret).update(msg).digest();
        const sig = v.includes('hex digest') ? Buffer.from(digest.toString('hex')) : digest;
        out[k] = Buffer.concat([Buffer.from(`${creds.hmacKey}:`), sig]).toString('base64');
      } else throw new Error(`unmapped placeholder in header ${k}: ${v}`);
    }
    return out;
  }

  function learn(apiPath: string, ex: Exchange, actual: unknown): void {
    const a = actual as Record<string, unknown> | null;
    if (apiPath === '/App/user' && typeof a?.token === 'string') creds.token = a.token;
    if (apiPath === '/User' && a?.authMethod === 'ApiKey') creds.apiKey = String(a.apiKey);
    if (apiPath === '/User' && a?.authMethod === 'Hmac') {
      creds.hmacKey = String(a.apiKey);
      creds.hmacSecret = String(a.secretKey);
    }
    if (apiPath === '/Webhook' && ex.request.method === 'POST' && a?.id)
      webhooks.set(String(a.event), { id: String(a.id), secretKey: String(a.secretKey) });
  }

  /** File 74: the request EspoCRM itself sends to the webhook URL when its queue job runs. */
  async function checkDelivery(ex: Exchange): Promise<void> {
    hooks.length = 0;
    await target.runWebhookQueue();
    const got = hooks.find((h) => h.path === ex.request.path);
    expect(got, 'a delivery to the webhook path').toBeDefined();
    expect(got!.headers['content-type']).toBe(ex.request.headers['content-type']);
    const hook = webhooks.get('Lead.create')!;
    const expected = Buffer.concat([
      Buffer.from(`${hook.id}:`),
      createHmac('sha256', hook.secretKey).update(got!.body).digest(),
    ]).toString('base64');
    expect(got!.headers['x-signature']).toBe(expected);
    const diffs: string[] = [];
    compare(subst, ex.request.body, JSON.parse(got!.body), '$', diffs, false);
    expect(diffs).toEqual([]);
  }

  for (const file of CONTRACT_FILES) {
    it(file, async () => {
      const ex = JSON.parse(readFileSync(resolve(CONTRACTS_DIR, file), 'utf8')) as Exchange;
      if (!ex.request.path.startsWith('/api/v1/')) return checkDelivery(ex);
      const apiPath = subst.apply(ex.request.path.slice('/api/v1'.length));
      const qs = ex.request.queryString ? `?${subst.apply(ex.request.queryString)}` : '';
      const headers = mapHeaders(ex.request.headers, ex.request.method, apiPath);
      const body =
        ex.request.body === null
          ? undefined
          : typeof ex.request.body === 'string'
            ? ex.request.body // sent as recorded: raw text
            : subst.apply(JSON.stringify(ex.request.body));
      const res = await send(`${target.url}/api/v1${apiPath}${qs}`, ex.request.method, headers, body);

      expect(res.status, `${file} status (${res.text.slice(0, 200)})`).toBe(ex.response.status);
      const reason = res.headers['x-status-reason'];
      expect(reason ?? null, `${file} X-Status-Reason`).toBe(
        ex.response.headers['X-Status-Reason'] == null
          ? null
          : subst.apply(ex.response.headers['X-Status-Reason']),
      );
      if ('WWW-Authenticate' in ex.response.headers)
        expect(res.headers['www-authenticate']).toBe(ex.response.headers['WWW-Authenticate']);
      else expect(res.headers['www-authenticate']).toBeUndefined();

      const actual: unknown = res.text ? JSON.parse(res.text) : null;
      const diffs: string[] = [];
      compare(subst, ex.response.body, actual, '$', diffs, apiPath === '/App/user');
      expect(diffs, `${file} body`).toEqual([]);
      learn(apiPath, ex, actual);
    });
  }
}
