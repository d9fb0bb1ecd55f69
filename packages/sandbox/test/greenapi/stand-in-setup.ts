import { type GreenApiStandIn, startGreenApiStandIn } from '@max/sandbox';
import { afterAll, beforeAll, beforeEach } from 'vitest';

export const ID = '1101000001';
export const A = '33600000001@c.us';
export const B = '33600000002@c.us';

/** The stand-in of the file that calls useStandIn (a live binding, set in its beforeAll). */
export let g: GreenApiStandIn;

/** One stand-in per test file, reset before each test. */
export function useStandIn(): void {
  beforeAll(async () => {
    g = await startGreenApiStandIn({ port: 0 });
  });
  afterAll(() => g.stop());
  beforeEach(() => g.reset());
}

export const api = (method: string, init: RequestInit = {}, id = ID, token = g.tokenFor(id), query = '') =>
  fetch(`${g.url}/waInstance${id}/${method}/${token}${query}`, init);
export const send = (body: unknown, id = ID, token?: string) =>
  api(
    'sendMessage',
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
    id,
    token,
  );
