import { createHmac } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ESPO_DEMO_CREDENTIALS, type EspoStandIn, startEspoStandIn } from '../../src/espo/index.ts';

/**
 * Replays every recorded EspoCRM 8.4.2 exchange against the stand-in, in file order: same status,
 * same X-Status-Reason, same body shape and the same values where they do not depend on ids/time.
 */
const REPO = fileURLToPath(new URL('../../../../', import.meta.url));
const DIR = process.env.ESPO_CONTRACTS_DIR ?? resolve(REPO, '../shared/contracts/espocrm');
const FILES = existsSync(DIR)
  ? readdirSync(DIR)
      .filter((f) => /^\d+-.*\.json$/.test(f))
      .sort()
  : [];

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
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

const ID = /^[0-9a-f]{17}$/;
const DATETIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
// App/user carries the whole ACL/settings/preferences of the install: only their type is compared.
const LOOSE_TOP_KEYS = new Set(['acl', 'preferences', 'settings', 'appParams']);

/** Recorded values (ids, URLs) → what the stand-in produced for the same thing. */
const subst = new Map<string, string>();
const sub = (s: string) => {
  let out = s;
  for (const [from, to] of subst) out = out.split(from).join(to);
  return out;
};

/** Walks recorded and actual bodies together; learns id mappings and collects differences. */
function compare(rec: Json, act: unknown, path: string, diffs: string[], loose: boolean): void {
  if (rec === null) {
    if (act !== null) diffs.push(`${path}: expected null, got ${JSON.stringify(act)?.slice(0, 80)}`);
    return;
  }
  if (Array.isArray(rec)) {
    if (!Array.isArray(act)) return void diffs.push(`${path}: expected array`);
    if (rec.length !== act.length) diffs.push(`${path}: expected ${rec.length} items, got ${act.length}`);
    rec.forEach((r, i) => {
      if (i < act.length) compare(r, act[i], `${path}[${i}]`, diffs, loose);
    });
    return;
  }
  if (typeof rec === 'object') {
    if (typeof act !== 'object' || act === null || Array.isArray(act))
      return void diffs.push(`${path}: expected object, got ${JSON.stringify(act)?.slice(0, 80)}`);
    const a = act as Record<string, unknown>;
    const recKeys = Object.keys(rec);
    // Keys that are ids (rolesNames, followersNames) are matched through the id mapping.
    const keyOf = (k: string) => (ID.test(k) ? (subst.get(k) ?? null) : k);
    if (recKeys.some((k) => ID.test(k) && !subst.has(k))) {
      const unknown = recKeys.filter((k) => ID.test(k) && !subst.has(k));
      const extra = Object.keys(a).filter((k) => ID.test(k) && ![...subst.values()].includes(k));
      unknown.forEach((k, i) => {
        if (extra[i]) subst.set(k, extra[i]!);
      });
    }
    const expected = recKeys.map((k) => keyOf(k) ?? k);
    const missing = expected.filter((k) => !(k in a));
    const extra = Object.keys(a).filter((k) => !expected.includes(k));
    if (missing.length) diffs.push(`${path}: missing keys ${missing.join(',')}`);
    if (extra.length) diffs.push(`${path}: unexpected keys ${extra.join(',')}`);
    for (const k of recKeys) {
      const ak = keyOf(k) ?? k;
      if (!(ak in a)) continue;
      if (path === '$' && LOOSE_TOP_KEYS.has(k) && loose) {
        if (typeof a[ak] !== typeof rec[k]) diffs.push(`$.${k}: type differs`);
        continue;
      }
      compare(rec[k]!, a[ak], `${path}.${k}`, diffs, loose);
    }
    return;
  }
  if (typeof rec === 'string') {
    if (typeof act !== 'string') return void diffs.push(`${path}: expected string, got ${typeof act}`);
    if (rec.startsWith('<redacted')) return;
    if (ID.test(rec)) {
      const known = subst.get(rec);
      if (known === undefined) {
        if (ID.test(act)) subst.set(rec, act);
        else diffs.push(`${path}: expected an id, got ${act}`);
      } else if (known !== act) diffs.push(`${path}: expected id ${known}, got ${act}`);
      return;
    }
    if (DATETIME.test(rec)) {
      // Timestamps differ; dates the caller sent (Task.dateEnd) must come back as sent.
      if (!DATETIME.test(act)) diffs.push(`${path}: expected a date-time, got ${act}`);
      return;
    }
    if (sub(rec) !== act)
      diffs.push(`${path}: expected ${JSON.stringify(sub(rec))}, got ${JSON.stringify(act)}`);
    return;
  }
  if (rec !== act) diffs.push(`${path}: expected ${JSON.stringify(rec)}, got ${JSON.stringify(act)}`);
}

/** Credentials learned during the replay (the API users are created by files 04 and 05). */
const creds = {
  apiKey: '',
  hmacKey: '',
  hmacSecret: '',
  token: '',
  admin: ESPO_DEMO_CREDENTIALS.adminUser,
  password: ESPO_DEMO_CREDENTIALS.adminPassword,
};
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

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
const webhooks = new Map<string, { id: string; secretKey: string }>();

describe.skipIf(FILES.length === 0)('EspoCRM contract replay', () => {
  let espo: EspoStandIn;
  beforeAll(async () => {
    // Only the admin exists at first, as in a fresh install: the API users come from files 04/05.
    espo = await startEspoStandIn({ port: 0, users: 'admin-only' });
    await new Promise<void>((r) => hookServer.listen(0, '127.0.0.1', r));
    subst.set('http://127.0.0.1:8099', `http://127.0.0.1:${(hookServer.address() as AddressInfo).port}`);
  });
  afterAll(async () => {
    await espo?.stop();
    await new Promise((r) => hookServer.close(r));
  });

  for (const file of FILES) {
    it(file, async () => {
      const ex = JSON.parse(readFileSync(resolve(DIR, file), 'utf8')) as Exchange;
      if (!ex.request.path.startsWith('/api/v1/')) return checkDelivery(ex, espo);
      const apiPath = sub(ex.request.path.slice('/api/v1'.length));
      const qs = ex.request.queryString ? `?${sub(ex.request.queryString)}` : '';
      const headers = mapHeaders(ex.request.headers, ex.request.method, apiPath);
      const body =
        ex.request.body === null
          ? undefined
          : typeof ex.request.body === 'string'
            ? ex.request.body // sent as recorded: raw text
            : sub(JSON.stringify(ex.request.body));
      const res = await send(`${espo.url}/api/v1${apiPath}${qs}`, ex.request.method, headers, body);

      expect(res.status, `${file} status (${res.text.slice(0, 200)})`).toBe(ex.response.status);
      const reason = res.headers['x-status-reason'];
      expect(reason ?? null, `${file} X-Status-Reason`).toBe(
        ex.response.headers['X-Status-Reason'] == null ? null : sub(ex.response.headers['X-Status-Reason']),
      );
      if ('WWW-Authenticate' in ex.response.headers)
        expect(res.headers['www-authenticate']).toBe(ex.response.headers['WWW-Authenticate']);
      else expect(res.headers['www-authenticate']).toBeUndefined();

      const actual: unknown = res.text ? JSON.parse(res.text) : null;
      const diffs: string[] = [];
      compare(ex.response.body, actual, '$', diffs, apiPath === '/App/user');
      expect(diffs, `${file} body`).toEqual([]);
      learn(apiPath, ex, actual);
    });
  }
});

if (FILES.length === 0)
  describe('EspoCRM contract replay', () => {
    it.skip(`skipped: no recorded contracts at ${DIR}`, () => {});
  });

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
async function checkDelivery(ex: Exchange, espo: EspoStandIn): Promise<void> {
  hooks.length = 0;
  await espo.runWebhookQueue();
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
  compare(ex.request.body, JSON.parse(got!.body), '$', diffs, false);
  expect(diffs).toEqual([]);
}
