/**
 * The real pipeline (harness.ts) with three EspoCRM stand-ins over HTTP, for the contact, account,
 * opportunity, link and conversion commands:
 * - `espoD`: tenant `dedi`'s own EspoCRM (dedicated mode), infra's metadata, EUR and USD accepted;
 * - `espoS`: one EspoCRM shared by tenants `acme` and `globex` (cTenantId), infra's metadata, EUR;
 * - `h.espo`: a fresh install (USD only, as EspoCRM installs by default), tenant `usd` (dedicated).
 * A scripted model is optional: `startCrmWorld({ model: true })` answers each request with the next
 * queued step, or, when none is queued, with the call the rules engine reads in the message (a good
 * model); without it the rules engine answers.
 */
import { parseCommand, signInternal } from '@max/core';
import { type EspoStandIn, type ScriptStep, startEspoStandIn } from '@max/sandbox';
import { AGENT_SECRET, type Harness, startHarness } from '../pipeline/harness.ts';

export const TODAY = '2026-11-23';

export const T = {
  dedi: { id: 'dedi', instance: '1101000021', admin: '33611000001@c.us', member: '33611000002@c.us' },
  usd: { id: 'usd', instance: '1101000022', admin: '33612000001@c.us', member: '33612000002@c.us' },
  acme: { id: 'acme', instance: '1101000023', admin: '33613000001@c.us', member: '33613000002@c.us' },
  globex: { id: 'globex', instance: '1101000024', admin: '33614000001@c.us', member: '33614000002@c.us' },
} as const;
export type TenantKey = keyof typeof T;

/** Web-chat users of tenant `dedi` (tenant_members): a member and a viewer (read only). */
export const WEB = {
  member: '7f1a2b3c-0000-4000-8000-00000000c001',
  viewer: '7f1a2b3c-0000-4000-8000-00000000c002',
};

type Rec = Record<string, unknown>;

export async function startCrmWorld(opts: { model?: boolean } = {}) {
  const next: ScriptStep[] = [];
  const goodModel = (req: { messages: Array<{ role: string; content?: unknown }> }): ScriptStep => {
    const text = String(req.messages.at(-1)?.content ?? '');
    const parsed = parseCommand(text, { today: TODAY, locale: 'fr' });
    return parsed.kind === 'calls'
      ? { toolCalls: parsed.calls.map((c) => ({ name: c.name, arguments: c.args })) }
      : { content: 'Pardon ?' };
  };
  const h: Harness = await startHarness(
    opts.model ? { model: (req) => next.shift() ?? goodModel(req as never) } : {},
  );
  const infra = {
    customizations: 'infra',
    settings: { currencyList: ['EUR', 'USD'], defaultCurrency: 'EUR' },
  };
  const espoD = await startEspoStandIn({ port: 0, ...infra });
  const espoS = await startEspoStandIn({ port: 0, ...infra });
  const crmOf: Record<TenantKey, EspoStandIn> = { dedi: espoD, usd: h.espo, acme: espoS, globex: espoS };
  for (const key of Object.keys(T) as TenantKey[]) {
    const t = T[key];
    await h.seedTenant({
      id: t.id,
      idInstance: t.instance,
      crmUrl: crmOf[key].url,
      mode: key === 'acme' || key === 'globex' ? 'shared' : 'dedicated',
      admin: t.admin,
      member: t.member,
      locale: key === 'usd' ? 'en' : 'fr',
    });
  }
  await h.db
    .admin`insert into tenant_members (tenant_id, user_id, role) values ('dedi', ${WEB.member}, 'member'), ('dedi', ${WEB.viewer}, 'viewer')`;

  let seq = 0;
  const lastReply = (chatId: string) =>
    h.green
      .sent()
      .filter((m) => m.chatId === chatId)
      .at(-1)?.message ?? '';

  return {
    h,
    espoD,
    espoS,
    next,
    crmOf,
    /** Sends one WhatsApp message from a tenant's admin or member; resolves to MAX's reply. */
    async say(
      key: TenantKey,
      who: 'admin' | 'member',
      text: string,
      ...steps: ScriptStep[]
    ): Promise<string> {
      next.push(...steps);
      const chatId = T[key][who];
      const before = h.green.sent().filter((m) => m.chatId === chatId).length;
      const res = await h.deliver(h.text(T[key].instance, chatId, text, `C14-${Date.now()}-${seq++}`));
      if (res.status !== 200) throw new Error(`delivery answered ${res.status}`);
      const after = h.green.sent().filter((m) => m.chatId === chatId);
      return after.length > before ? after.at(-1)!.message : '';
    },
    lastReply,
    /** The web chat (Supabase user of tenant `dedi`), answered synchronously. */
    async web(userId: string, text: string): Promise<{ status: number; reply: string }> {
      const body = JSON.stringify({
        v: 1,
        requestId: crypto.randomUUID(),
        kind: 'chat',
        userId,
        tenantId: 'dedi',
        text,
      });
      const { handleAgentRequest } = await import('@max/core');
      const res = await handleAgentRequest(h.deps, {
        headers: new Headers(await signInternal(AGENT_SECRET, body, new Date())),
        body,
      });
      return { status: res.status, reply: String((res.body as Rec).reply ?? '') };
    },
    records: (espo: EspoStandIn, entity: string): Rec[] => espo.state.records(entity),
    /** Records linked through `link`, read back through EspoCRM's own API (as an admin would see them). */
    async related(espo: EspoStandIn, entity: string, id: string, link: string): Promise<Rec[]> {
      const res = await fetch(`${espo.url}/api/v1/${entity}/${id}/${link}`, {
        headers: { 'X-Api-Key': espo.apiKey },
      });
      return ((await res.json()) as { list: Rec[] }).list;
    },
    /** Creates a record straight in a stand-in (what a user did in EspoCRM's UI), with a tenant value. */
    async seed(espo: EspoStandIn, entity: string, data: Rec): Promise<Rec> {
      const res = await fetch(`${espo.url}/api/v1/${entity}`, {
        method: 'POST',
        headers: {
          'X-Api-Key': espo.apiKey,
          'Content-Type': 'application/json',
          'X-Skip-Duplicate-Check': 'true',
        },
        body: JSON.stringify(data),
      });
      if (!res.ok) throw new Error(`seed ${entity}: ${res.status} ${res.headers.get('x-status-reason')}`);
      return (await res.json()) as Rec;
    },
    async close() {
      await Promise.allSettled([espoD.stop(), espoS.stop()]);
      await h.close();
    },
  };
}

export type CrmWorld = Awaited<ReturnType<typeof startCrmWorld>>;
