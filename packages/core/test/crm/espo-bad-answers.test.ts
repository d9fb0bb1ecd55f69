import type { EspoStandIn } from '@max/sandbox';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isBadAnswer } from '../../src/index.ts';
import { caught, client, startEspoStandIn } from './helpers.ts';

/**
 * Answers outside EspoCRM's protocol, from the stand-in over HTTP (a reverse proxy's error page with
 * a 200, a 2xx without the record): a typed, non-retryable "bad answer", asked once — not an
 * outage retried like a CRM that is down (the issue-19 poison message was retried 21 times).
 */
let espo: EspoStandIn;
beforeAll(async () => {
  espo = await startEspoStandIn({ port: 0, seed: 19 });
});
afterAll(() => espo?.stop());
afterEach(() => espo.faults.clear());

describe('EspoCRM answers outside its protocol', () => {
  it('a 200 HTML page for a list is a bad answer, not retried, never "unavailable"', async () => {
    espo.faults.add({ id: 'html', mode: 'bad_answer', method: 'GET', path: '/api/v1/Lead' });
    const { crm, calls } = client(espo, { attempts: 4 });
    const e = await caught(crm.list('Lead', { maxSize: 5 }));
    expect(isBadAnswer(e)).toBe(true);
    expect(e).toMatchObject({ code: 'upstream', retryable: false });
    expect(e.details).toMatchObject({
      kind: 'bad_answer',
      service: 'crm',
      method: 'GET',
      path: '/Lead',
      status: 200,
    });
    expect(calls.filter((c) => c.url.includes('/api/v1/Lead'))).toHaveLength(1);
  });

  it('a create answered 200 without the record is a bad answer whose write may have happened', async () => {
    espo.faults.add({ id: 'empty', mode: 'bad_answer', method: 'POST', path: '/api/v1/Lead', body: '{}' });
    const { crm } = client(espo);
    const e = await caught(crm.create('Lead', { lastName: 'Sans Fiche' }));
    expect(e.details).toMatchObject({ kind: 'bad_answer', method: 'POST', delivery: 'unknown' });
  });

  it('a list answered without its list, or a record without an id, is a bad answer', async () => {
    espo.faults.add({
      id: 'nolist',
      mode: 'bad_answer',
      method: 'GET',
      path: '/api/v1/Contact',
      body: '{"total":3}',
      contentType: 'application/json',
    });
    const { crm } = client(espo);
    expect(isBadAnswer(await caught(crm.list('Contact')))).toBe(true);
    const lead = await crm.create('Lead', { lastName: 'Vraie Fiche' });
    espo.faults.add({
      id: 'noid',
      mode: 'bad_answer',
      method: 'GET',
      pathRegex: '^/api/v1/Lead/',
      body: '{"name":"x"}',
      contentType: 'application/json',
    });
    expect(isBadAnswer(await caught(crm.get('Lead', lead.record.id)))).toBe(true);
  });

  it('a 503 is still an outage: retryable, retried within the call', async () => {
    espo.faults.add({
      id: 'down',
      mode: 'error',
      status: 503,
      method: 'GET',
      path: '/api/v1/Lead',
      count: 2,
    });
    const { crm, calls } = client(espo, { attempts: 3 });
    await crm.list('Lead', { maxSize: 1 });
    expect(calls.filter((c) => c.url.includes('/api/v1/Lead'))).toHaveLength(3);
  });
});
