import { signInternal } from '@max/core';
import { incomingText } from '@max/sandbox';
import { afterAll, beforeAll } from 'vitest';
import { AGENT_SECRET, type Harness, startHarness } from './harness.ts';

export const INSTANCE = '1101000001';
export const ADMIN = '33600000001@c.us';
export const MEMBER = '33600000002@c.us';
export const T = Math.floor(Date.now() / 1000);

/** The harness of the file that calls useFaultHarness (a live binding, set in its beforeAll). */
export let h: Harness;

/** One harness per test file, with the tenants acme and slow (3 chat messages a minute). */
export function useFaultHarness(): void {
  beforeAll(async () => {
    h = await startHarness();
    await h.seedTenant({
      id: 'acme',
      idInstance: INSTANCE,
      crmUrl: h.espo.url,
      admin: ADMIN,
      member: MEMBER,
    });
    await h.seedTenant({
      id: 'slow',
      idInstance: '1101000009',
      crmUrl: h.espo.url,
      admin: ADMIN,
      chatMessagesPerMinute: 3,
    });
  });
  afterAll(() => h.close());
}

export const msg = (text: string, id: string, ts = T, chatId = ADMIN, instance = INSTANCE) =>
  incomingText({ idInstance: instance, chatId, text, idMessage: id, timestamp: ts });
export const leads = (email: string) => h.espo.state.records('Lead').filter((l) => l.emailAddress === email);
export const notesOf = (id: string) =>
  h.espo.state.records('Note').filter((n) => n.parentId === id && n.type === 'Post');
export const sentTo = (chatId: string) => h.green.sent().filter((m) => m.chatId === chatId);
export const job = async (payload: Record<string, unknown>) => {
  const body = JSON.stringify({ v: 1, requestId: crypto.randomUUID(), ...payload });
  const { handleAgentRequest } = await import('@max/core');
  return handleAgentRequest(h.deps, {
    headers: new Headers(await signInternal(AGENT_SECRET, body, new Date())),
    body,
  });
};
export const status = async (id: string) =>
  (
    await h.db.admin`select status, attempts, error, outcome from inbound_messages where id_message = ${id}`
  )[0];
