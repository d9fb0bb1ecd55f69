import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { received } from './agent-received.ts';
import { as, chat, chatsOf, claims, hs256, newUser } from './chat-tokens.ts';
import { awayFromMinuteEdge } from './helpers.ts';

describe('POST /api/chat: what it forwards', () => {
  it('needs X-Tenant and a text; bad bodies get a 4xx through the one error mapping', async () => {
    const t = await hs256(claims(newUser()));
    const noTenant = await chat({ authorization: `Bearer ${t}` });
    expect(noTenant.status).toBe(400);
    expect(await noTenant.json()).toEqual({
      error: { code: 'bad_request', message: 'X-Tenant header with a tenant id is required' },
    });
    const empty = await chat(as(t), { text: '' });
    expect(empty.status).toBe(400);
    expect(await empty.json()).toEqual({ error: { code: 'validation', message: 'Invalid field text' } });
    const deep = await SELF.fetch('http://worker.test/api/chat', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...as(t) },
      body: `{"text":"x","extra":${'['.repeat(40_000)}${']'.repeat(40_000)}}`,
    });
    expect(deep.status).toBe(413);
    const nested = await SELF.fetch('http://worker.test/api/chat', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...as(t) },
      body: `{"text":"x","extra":${'['.repeat(100)}${']'.repeat(100)}}`,
    });
    expect(nested.status).toBe(400);
  });

  it('forwards the verified user and tenant, signed, and returns the agent’s answer', async () => {
    const user = newUser();
    const res = await chat(as(await hs256(claims(user))));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ reply: 'réponse à: derniers leads' });
    expect(await chatsOf(user)).toEqual([
      expect.objectContaining({ kind: 'chat', verified: true, userId: user, tenantId: 'acme' }),
    ]);
  });

  it('a token naming the tenant of a user the agent finds no membership for (a stale token) gets the agent’s 403, then the edge’s for a minute', async () => {
    const user = newUser();
    const t = await hs256(claims(user, { tenant_id: 'nope' }));
    const first = await chat(as(t, 'nope'));
    expect(first.status).toBe(403);
    expect(await first.json()).toEqual({
      error: { code: 'forbidden', message: 'Not a member of this tenant' },
    });
    for (let i = 0; i < 5; i++) expect((await chat(as(t, 'nope'))).status).toBe(403);
    // The agent was asked once; the retries never reached it (nor the tenant's budget).
    expect(await chatsOf(user)).toHaveLength(1);
  });
});

describe('POST /api/chat: rate limits', () => {
  it('40 parallel calls from one member → 429 with Retry-After past 10; the agent sees at most 10', async () => {
    await awayFromMinuteEdge();
    const user = newUser();
    const tenant = `rl-${user.slice(0, 8)}`;
    const t = await hs256(claims(user, { tenant_id: tenant }));
    const answers = await Promise.all(Array.from({ length: 40 }, () => chat(as(t, tenant))));
    const limited = answers.filter((r) => r.status === 429);
    expect(answers.filter((r) => r.status === 200)).toHaveLength(10);
    expect(limited).toHaveLength(30);
    expect(limited.every((r) => r.headers.get('retry-after') === '60')).toBe(true);
    expect(await limited[0]!.json()).toEqual({
      error: { code: 'rate_limited', message: 'Too many messages, try again in a minute' },
    });
    expect(await chatsOf(user)).toHaveLength(10);
  }, 40_000);

  it('per tenant too: 12 members × 9 calls on one tenant → 100 pass, 8 get 429', async () => {
    await awayFromMinuteEdge();
    const tenant = `rlt-${newUser().slice(0, 8)}`;
    const users = Array.from({ length: 12 }, newUser);
    const tokens = await Promise.all(users.map((u) => hs256(claims(u, { tenant_id: tenant }))));
    // The 12 members at once, each one's calls in turn (100 at once would time out the agent stand-in).
    const answers = (
      await Promise.all(
        tokens.map(async (t) => {
          const mine: Response[] = [];
          for (let i = 0; i < 9; i++) mine.push(await chat(as(t, tenant)));
          return mine;
        }),
      )
    ).flat();
    const statuses: Record<number, number> = {};
    for (const r of answers) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    expect(statuses).toEqual({ 200: 100, 429: 8 });
    const forwarded = (await received()).filter((r) => r.tenantId === tenant);
    expect(forwarded).toHaveLength(100);
  }, 40_000);
});

describe('POST /api/chat: only members spend a tenant’s budget', () => {
  it('11 signed-in strangers hammering a tenant get 403 without a call to the agent, and its 10 members still get all 100 calls', async () => {
    await awayFromMinuteEdge();
    // A tenant whose members (ids 0000cafe-…) are the only ones the agent (stand-in) accepts.
    const tenant = `closed-${newUser().slice(0, 8)}`;
    // Members of no tenant (the hook gave them no tenant claim), and members of another tenant.
    const strangers = await Promise.all(
      Array.from({ length: 11 }, (_, i) =>
        hs256(
          i % 2 === 0
            ? claims(newUser(), { tenant_id: undefined, tenant_role: undefined })
            : claims(newUser(), { tenant_id: `other-${tenant}` }),
        ),
      ),
    );
    const refused = (
      await Promise.all(
        strangers.map(async (t) => {
          const mine: number[] = [];
          for (let i = 0; i < 12; i++) mine.push((await chat(as(t, tenant))).status);
          return mine;
        }),
      )
    ).flat();
    expect(refused.filter((s) => s !== 403)).toEqual([]);
    expect(refused).toHaveLength(132);
    expect((await received()).filter((r) => r.tenantId === tenant)).toEqual([]);
    const lone = await chat(as(strangers[0]!, tenant));
    expect(await lone.json()).toEqual({
      error: { code: 'forbidden', message: 'Your session names no tenant: sign in again or choose a tenant' },
    });
    // The tenant's budget (100 a minute) is whole: its members get every call.
    const members = await Promise.all(
      Array.from({ length: 10 }, () => hs256(claims(`0000cafe${newUser().slice(8)}`, { tenant_id: tenant }))),
    );
    const answered = (
      await Promise.all(
        members.map(async (t) => {
          const mine: number[] = [];
          for (let i = 0; i < 10; i++) mine.push((await chat(as(t, tenant))).status);
          return mine;
        }),
      )
    ).flat();
    expect(answered.filter((s) => s !== 200)).toEqual([]);
    expect((await received()).filter((r) => r.tenantId === tenant)).toHaveLength(100);
  }, 60_000);
});
