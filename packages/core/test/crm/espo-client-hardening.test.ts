import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EspoStandIn } from '@max/sandbox';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type CrmClient,
  createEspoClient,
  createEspoClientState,
  createMemoryLogger,
  silentLogger,
  where,
} from '../../src/index.ts';
import { runCall, standInCrm, testTenant, toolContext } from '../agent/rules/tool-context.ts';
import { C, caught, client, fastClock, recordingFetch, startEspoStandIn } from './helpers.ts';

let espo: EspoStandIn;
beforeAll(async () => {
  espo = await startEspoStandIn({ port: 0, seed: 11 });
});
afterAll(() => espo?.stop());
afterEach(() => espo.faults.clear());

const notes = () => espo.state.records('Note').length;

describe('a record id that EspoCRM cannot have never reaches a URL', () => {
  const hostile = [
    '.',
    '..',
    '../x',
    '%2e',
    '%2e%2e',
    'a/b',
    '..%2f',
    ' ',
    '',
    'x?y=1',
    'x#y',
    '6b03ca539c96ba0c5/stream',
  ];
  // Well-formed shapes EspoCRM would not issue are refused too (it issues lowercase hex).
  const notIssued = ['6B03CA539C96BA0C5', '6b03ca539c96ba0c', '6b03ca539c96ba0c5a', 'lead-123'];

  it('get, update, delete and link answer not_found without any HTTP request', async () => {
    const { crm, calls } = client(espo);
    const { record } = await crm.create('Lead', { firstName: 'Safe', lastName: 'Ids' });
    calls.length = 0;
    for (const id of [...hostile, ...notIssued]) {
      const ops: Array<[string, () => Promise<unknown>]> = [
        ['get', () => crm.get('Lead', id)],
        ['update', () => crm.update('Lead', id, { title: 'x' })],
        ['delete', () => crm.delete('Lead', id)],
        ['link id', () => crm.link('Lead', id, 'teams', record.id)],
        ['link foreign id', () => crm.link('Lead', record.id, 'teams', id)],
      ];
      for (const [op, run] of ops) {
        const e = await caught(run());
        expect(e.code, `${op} ${JSON.stringify(id)}`).toBe('not_found');
        expect(e.details).toMatchObject({ kind: 'not_found', delivery: 'not_sent' });
      }
    }
    expect(calls).toHaveLength(0);
  });

  it('ids EspoCRM issues (17 hex, UUID v4) do reach it', async () => {
    const { crm, calls } = client(espo);
    expect((await caught(crm.get('Lead', '00000000000000000'))).code).toBe('not_found');
    expect((await caught(crm.get('Lead', '5f0c3b1e-8a2d-4c6f-9b1a-2e3d4c5b6a79'))).code).toBe('not_found');
    expect(calls.map((c) => new URL(c.url).pathname)).toEqual([
      '/api/v1/Lead/00000000000000000',
      '/api/v1/Lead/5f0c3b1e-8a2d-4c6f-9b1a-2e3d4c5b6a79',
    ]);
  });

  it('entity and link names are path segments too: refused before any request', async () => {
    const { crm, calls } = client(espo);
    expect((await caught(crm.list('../Lead'))).code).toBe('bad_request');
    expect((await caught(crm.create('Lead/x', { lastName: 'x' }))).code).toBe('bad_request');
    expect((await caught(crm.link('Lead', '00000000000000000', '../teams', '00000000000000000'))).code).toBe(
      'bad_request',
    );
    expect(calls).toHaveLength(0);
  });

  it('add_note on target {id: "../x"} or a focus id "." creates no orphan Note: not_found, nothing written', async () => {
    const tenant = testTenant();
    const crm = standInCrm(espo, tenant);
    const before = notes();
    const requests = espo.log.length;
    for (const id of ['../x', '.', '..', '%2e']) {
      const viaTarget = await runCall(
        toolContext(crm, tenant),
        { name: 'add_note', args: { target: { id }, text: 'pwned' } },
        'fr',
      );
      expect(viaTarget.outcome).toMatchObject({ ok: false, kind: 'not_found' });
      const viaFocus = await runCall(
        toolContext(crm, tenant, { focus: { entity: 'Lead', id, name: 'X' } }),
        { name: 'add_note', args: { target: {}, text: 'pwned' } },
        'en',
      );
      expect(viaFocus.outcome).toMatchObject({ ok: false, kind: 'not_found' });
    }
    expect(notes()).toBe(before);
    // Only the metadata read could have gone out; no record request did.
    expect(espo.log.slice(requests).filter((l) => !l.path.startsWith('/api/v1/Metadata'))).toEqual([]);
  });
});

describe('CRM: a failed write says whether it may have been applied', () => {
  it('a create whose answer is lost: delivery unknown, attempted once, and createdSince finds the record', async () => {
    const { crm, calls } = client(espo, { retries: 3 });
    const since = new Date(Date.now() - 1000);
    espo.faults.add({ mode: 'lose_answer', method: 'POST', path: '/api/v1/Lead', count: 1 });
    const e = await caught(
      crm.create('Lead', { firstName: 'Lost', lastName: 'Answer', emailAddress: 'lost@answer.fr' }),
    );
    expect(e.retryable).toBe(true);
    expect(e.details).toMatchObject({ delivery: 'unknown' });
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(1);
    // The POST was applied: the check a retry makes before writing again finds it.
    const found = await crm.list('Lead', {
      where: [where.createdSince(since), where.equals('emailAddress', 'lost@answer.fr')],
      select: ['id', 'name', 'createdAt'],
    });
    expect(found.list.map((r) => r.name)).toEqual(['Lost Answer']);
    const later = await crm.list('Lead', {
      where: [
        where.createdSince(new Date(Date.now() + 60_000)),
        where.equals('emailAddress', 'lost@answer.fr'),
      ],
    });
    expect(later.total).toBe(0);
  });

  it("a Note whose answer is lost is found in its parent's stream (what a retry checks first)", async () => {
    const { crm } = client(espo);
    const { record: lead } = await crm.create('Lead', { firstName: 'Nora', lastName: 'Stream' });
    espo.faults.add({ mode: 'lose_answer', method: 'POST', path: '/api/v1/Note', count: 1 });
    const e = await caught(
      crm.create('Note', { type: 'Post', parentType: 'Lead', parentId: lead.id, post: 'rappeler jeudi' }),
    );
    expect(e.details).toMatchObject({ delivery: 'unknown' });
    const stream = await crm.stream('Lead', lead.id, { maxSize: 5 });
    expect(stream.list.filter((n) => n.type === 'Post').map((n) => n.post)).toEqual(['rappeler jeudi']);
    expect(typeof stream.list[0]?.createdAt).toBe('string');
    // The stream path is built from a checked id too.
    const { crm: other, calls } = client(espo);
    expect((await caught(other.stream('Lead', '../x'))).code).toBe('not_found');
    expect(calls).toHaveLength(0);
  });

  it('a create that times out: delivery unknown, never replayed', async () => {
    const { crm, calls } = client(espo, { retries: 3, timeoutMs: 200 });
    espo.faults.add({ mode: 'hang', method: 'POST', path: '/api/v1/Lead', count: 5 });
    const e = await caught(crm.create('Lead', { lastName: 'Slow' }));
    expect(e.code).toBe('timeout');
    expect(e.details).toMatchObject({ delivery: 'unknown' });
    expect(calls).toHaveLength(1);
  });

  it('a create answered 5xx: delivery unknown, attempted once; a 4xx answer: not_sent', async () => {
    const { crm, calls } = client(espo, { retries: 3 });
    espo.faults.add({ mode: 'error', status: 500, method: 'POST', path: '/api/v1/Lead', count: 1 });
    expect((await caught(crm.create('Lead', { lastName: 'Five' }))).details).toMatchObject({
      delivery: 'unknown',
    });
    expect(calls).toHaveLength(1);
    const bad = await caught(crm.create('Lead', { lastName: 'Bad', emailAddress: 'not-an-email' }));
    expect(bad.code).toBe('validation');
    expect(bad.details).toMatchObject({ delivery: 'not_sent' });
  });

  it('a create that never connected: delivery not_sent, so it may be replayed', async () => {
    const srv = createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const port = (srv.address() as AddressInfo).port;
    await new Promise((r) => srv.close(r));
    const { crm, calls } = client(espo, { baseUrl: `http://127.0.0.1:${port}`, retries: 2 });
    const e = await caught(crm.create('Lead', { lastName: 'Nowhere' }));
    expect(e.code).toBe('unavailable');
    expect(e.details).toMatchObject({ delivery: 'not_sent' });
    // Provably never sent: replaying it is safe, unlike a lost answer.
    expect(calls).toHaveLength(3);
  });
});

describe('one retry helper, Retry-After honoured', () => {
  it('a 503 with Retry-After: 2 on a read waits at least 2 s before the retry (capped)', async () => {
    const sleeps: number[] = [];
    const { crm } = client(espo, {
      retries: 2,
      clock: { now: () => new Date(), sleep: async (ms) => void sleeps.push(ms) },
    });
    espo.faults.add({ mode: 'error', status: 503, path: '/api/v1/Lead', count: 1 });
    // The stand-in's error answer has no Retry-After: the plain backoff applies (200 ms window).
    await crm.list('Lead', { maxSize: 1 });
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeLessThanOrEqual(200);
    espo.faults.add({ mode: 'rate_limit', retryAfterSeconds: 2, path: '/api/v1/Lead', count: 1 });
    await crm.list('Lead', { maxSize: 1 });
    expect(sleeps[1]).toBeGreaterThanOrEqual(2000);
    espo.faults.add({ mode: 'rate_limit', retryAfterSeconds: 3600, path: '/api/v1/Lead', count: 1 });
    await crm.list('Lead', { maxSize: 1 });
    expect(sleeps[2]).toBe(5000);
  });
});

describe('one client state shared across messages, each with its own logger', () => {
  it('tokens, field metadata and the user id outlive a client; every CRM log line carries its requestId', async () => {
    const state = createEspoClientState();
    const rec = recordingFetch();
    const make = (requestId: string) => {
      const logger = createMemoryLogger('debug');
      const crm: CrmClient = createEspoClient({
        baseUrl: espo.url,
        auth: { kind: 'basic', username: C.adminUser, password: C.adminPassword },
        fetch: rec.fetch,
        clock: fastClock,
        logger: logger.child({ requestId }),
        state,
      });
      return { crm, logger };
    };
    const first = make('req-1');
    await first.crm.fields('Lead');
    const uid = await first.crm.currentUserId();
    await first.crm.list('Lead', { maxSize: 1 });
    const callsAfterFirst = rec.calls.length;
    const passwordLogins = () =>
      rec.calls.filter((c) =>
        Buffer.from(c.headers.get('espo-authorization') ?? '', 'base64')
          .toString()
          .endsWith(C.adminPassword),
      ).length;
    expect(passwordLogins()).toBe(1);

    const second = make('req-2');
    expect(await second.crm.currentUserId()).toBe(uid);
    await second.crm.fields('Lead');
    await second.crm.list('Lead', { maxSize: 1 });
    // One list request only: no second login, no metadata read, no App/user.
    expect(rec.calls.slice(callsAfterFirst).map((c) => new URL(c.url).pathname)).toEqual(['/api/v1/Lead']);
    expect(passwordLogins()).toBe(1);

    const lines = (l: ReturnType<typeof createMemoryLogger>) => l.lines.filter((x) => x.event === 'crm.call');
    expect(lines(first.logger).length).toBeGreaterThan(0);
    expect(lines(first.logger).every((x) => x.requestId === 'req-1')).toBe(true);
    expect(lines(second.logger)).toHaveLength(1);
    expect(lines(second.logger)[0]).toMatchObject({ requestId: 'req-2', path: '/Lead' });

    // Without a shared state, a new client starts from nothing (logs in again).
    const alone = createEspoClient({
      baseUrl: espo.url,
      auth: { kind: 'basic', username: C.adminUser, password: C.adminPassword },
      fetch: rec.fetch,
      clock: fastClock,
      logger: silentLogger,
    });
    await alone.list('Lead', { maxSize: 1 });
    expect(passwordLogins()).toBe(2);
  });
});
